import { createHash } from 'node:crypto';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { sipBurst, type BurstCaller, type BurstOptions } from './sip-burst';
import { LAB } from './sip-rig';

/**
 * The SIP side of a flood on the lab PBX, in a process of its own (forked by the test, sip-flood.ts) so that
 * the test can stall Frontline's event loop while callers keep calling and agents keep answering: agents
 * registered over UDP (digest) that ring for every INVITE (100, 180) and end it on the caller's CANCEL (200,
 * 487), and a burst of callers (sip-burst.ts: retransmitting INVITEs, cancelling after a while).
 */
export type FloodRequest =
  | { type: 'register'; agents: { extension: string; password: string }[] }
  | { type: 'burst'; burst: Omit<BurstOptions, 'caller'> & { callerPrefix: string }; startInMs?: number };

export type FloodReply =
  | { type: 'registered'; extensions: string[] }
  | { type: 'burstStarted' }
  /** The last INVITE of the burst was sent (ms after the request came). */
  | { type: 'burstSent'; afterMs: number }
  | { type: 'burstDone'; callers: BurstCaller[]; agentInvites: Record<string, number> };

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const header = (text: string, name: string): string | undefined => new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'im').exec(text)?.[1];
const headers = (text: string, name: string): string[] => [...text.matchAll(new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'gim'))].map((m) => `${name}: ${m[1]}`);
const send = (reply: FloodReply): void => void process.send?.(reply);

const socket = createSocket('udp4');
const ready = new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
const registered = new Set<string>();
const passwords = new Map<string, string>();
/** INVITEs each agent received (retransmissions counted once). */
const agentInvites: Record<string, number> = {};
const invites = new Map<string, string>();

function register(extension: string, cseq: number, authorization?: string): void {
  const port = socket.address().port;
  const lines = [
    `REGISTER sip:127.0.0.1:${LAB.sipPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-flood-reg-${extension}-${cseq};rport`,
    `From: <sip:${extension}@127.0.0.1>;tag=r${extension}`,
    `To: <sip:${extension}@127.0.0.1>`,
    `Call-ID: flood-reg-${extension}@lab`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${extension}@127.0.0.1:${port}>`,
    'Expires: 600',
    'Max-Forwards: 70',
    ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
    'Content-Length: 0',
  ];
  socket.send(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), LAB.sipPort, '127.0.0.1');
}

socket.on('message', (buf: Buffer, from: RemoteInfo) => {
  const text = buf.toString('utf8');
  const status = /^SIP\/2\.0 (\d{3})/.exec(text);
  if (status !== null) {
    const extension = /^Call-ID:\s*flood-reg-(.+?)@lab/im.exec(text)?.[1];
    if (extension === undefined) return;
    if (status[1] === '200') registered.add(extension);
    if (status[1] === '401') {
      const p = Object.fromEntries([...(header(text, 'WWW-Authenticate') ?? '').matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
      const uri = `sip:127.0.0.1:${LAB.sipPort}`;
      const ha1 = md5(`${extension}:${p.realm}:${passwords.get(extension) ?? ''}`);
      const ha2 = md5(`REGISTER:${uri}`);
      const response = p.qop === undefined ? md5(`${ha1}:${p.nonce}:${ha2}`) : md5(`${ha1}:${p.nonce}:00000001:flood:auth:${ha2}`);
      register(
        extension,
        2,
        `Digest username="${extension}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", response="${response}", algorithm=MD5` + (p.qop === undefined ? '' : ', qop=auth, nc=00000001, cnonce="flood"'),
      );
    }
    return;
  }
  const method = /^(\w+) /.exec(text)?.[1];
  const callId = header(text, 'Call-ID') ?? '';
  const reply = (code: string, request: string, toTag: boolean): void => {
    const to = header(request, 'To') ?? '';
    const lines = [`SIP/2.0 ${code}`, ...headers(request, 'Via'), `From: ${header(request, 'From') ?? ''}`, `To: ${to}${toTag && !/;tag=/.test(to) ? ';tag=agent' : ''}`, `Call-ID: ${callId}`, `CSeq: ${header(request, 'CSeq') ?? ''}`, 'Content-Length: 0'];
    socket.send(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), from.port, from.address);
  };
  if (method === 'INVITE') {
    const known = invites.has(callId);
    invites.set(callId, text);
    if (!known) {
      const extension = /^INVITE sip:([^@;>]+)/.exec(text)?.[1] ?? '?';
      agentInvites[extension] = (agentInvites[extension] ?? 0) + 1;
    }
    reply('100 Trying', text, false);
    reply('180 Ringing', text, true);
  } else if (method === 'CANCEL') {
    reply('200 OK', text, false);
    const invite = invites.get(callId);
    if (invite !== undefined) reply('487 Request Terminated', invite, true);
  }
});

process.on('message', (m: FloodRequest) => {
  void (async () => {
    await ready;
    if (m.type === 'register') {
      for (const a of m.agents) passwords.set(a.extension, a.password);
      const deadline = Date.now() + 10_000;
      while (m.agents.some((a) => !registered.has(a.extension)) && Date.now() < deadline) {
        for (const a of m.agents) if (!registered.has(a.extension)) register(a.extension, 1);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      send({ type: 'registered', extensions: [...registered] });
    } else {
      const { callerPrefix, ...burst } = m.burst;
      const at = performance.now();
      await new Promise((resolve) => setTimeout(resolve, m.startInMs ?? 0));
      send({ type: 'burstStarted' });
      const callers = await sipBurst({
        ...burst,
        caller: (i) => {
          if (i === burst.calls - 1) send({ type: 'burstSent', afterMs: performance.now() - at });
          return `${callerPrefix}${String(i).padStart(4, '0')}`;
        },
      });
      send({ type: 'burstDone', callers, agentInvites: { ...agentInvites } });
    }
  })();
});
