import { createHash } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { parseKamailioHops, wallMs, type CallHops } from './pbx-hops';
import { retransmitUntilAnswered, T2_MS, type Retransmission } from './sip-retransmit';

/**
 * The SIP side of `npm run bench -- routing-pbx`, in a process of its own (forked by routing-pbx.bench.ts)
 * so its clock is not delayed by the core's event loop: agents registered over UDP (digest, Frontline's
 * ephemeral credentials) that note when each INVITE reaches them, and a carrier that places calls to a
 * queue number at a steady rate and cancels each as soon as its agent's INVITE has arrived. The carrier behaves
 * like a real UDP carrier (RFC 3261 §17.1): its INVITE is sent again at T1 = 500 ms, doubling, until any response
 * arrives; its CANCEL waits for a provisional and is sent again (capped at T2) until answered — so a datagram
 * dropped by a PBX at overload shows as a late answer, not as a caller who never got a final.
 */
export interface EndpointsStart {
  type: 'start';
  sipPort: number;
  queueNumber: string;
  agents: { extension: string; username: string; password: string }[];
  numbers: string[];
  steps: { rate: number; seconds: number }[];
  /** The carrier's INVITE carries an SDP offer (default), so rtpengine is on the path; false: no body, no rtpengine. */
  sdp?: boolean;
}

export interface StepResult {
  type: 'step';
  rate: number;
  seconds: number;
  sent: number;
  /** INVITE sent by the carrier → INVITE received by the agent, ms, for calls that reached an agent. */
  latencies: number[];
  /** Agent INVITEs that carried X-Frontline-Route (Frontline's decision), of those received. */
  withDecision: number;
  /** Calls that got a final answer (487 after the CANCEL, as a rule). */
  finals: Record<string, number>;
  /** Calls that never reached an agent within 2 s (queued, fallen back, lost). */
  unrouted: number;
  /** Each routed call's moments on the wall clock, with Kamailio's (X-Frontline-Hops). */
  hops: CallHops[];
  /** INVITE copies the carrier sent again (Timer A: no response within T1, 2·T1, …). */
  inviteResent: number;
  /** CANCEL copies sent again (Timer E: no response to the CANCEL). */
  cancelResent: number;
  /** Calls whose INVITE had been sent more than once when it reached an agent (a copy was dropped or answered late). */
  reachedAfterResend: number;
  /** Calls that got no response at all to their INVITE (not even 100 Trying) within the step's 6 s. */
  noResponse: number;
}

/** Sent at the start of each step (the parent samples every process's CPU then). */
export interface StepStart {
  type: 'stepStart';
  rate: number;
}


const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const header = (text: string, name: string): string | undefined => new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'im').exec(text)?.[1];
// Rebuilt from the value: the whole match ends in the line's \r, and a reply written with "\r\r\n" line ends made
// Kamailio log "required headers not found in reply" once per routed call.
const headers = (text: string, name: string): string[] => [...text.matchAll(new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'gim'))].map((m) => `${name}: ${m[1]}`);

function bind(): Promise<Socket> {
  const s = createSocket('udp4');
  return new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)));
}

function crlf(lines: string[], body = ''): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

async function main(start: EndpointsStart): Promise<void> {
  const agentSock = await bind();
  const callerSock = await bind();
  const agentPort = agentSock.address().port;
  const callerPort = callerSock.address().port;
  const toPbx = (sock: Socket, b: Buffer): void => void sock.send(b, start.sipPort, '127.0.0.1');

  // --- agents: REGISTER with digest, answer each INVITE's CANCEL with 200 + 487.
  const registered = new Set<string>();
  const invites = new Map<string, string>();
  const onAgentInvite = new Map<string, (text: string) => void>();
  const register = (a: EndpointsStart['agents'][number], cseq: number, authorization?: string): void => {
    toPbx(
      agentSock,
      crlf([
        `REGISTER sip:127.0.0.1:${start.sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${agentPort};branch=z9hG4bK-reg-${a.extension}-${cseq};rport`,
        `From: <sip:${a.extension}@127.0.0.1>;tag=r${a.extension}`,
        `To: <sip:${a.extension}@127.0.0.1>`,
        `Call-ID: reg-${a.extension}@bench`,
        `CSeq: ${cseq} REGISTER`,
        `Contact: <sip:${a.extension}@127.0.0.1:${agentPort}>`,
        'Expires: 600',
        'Max-Forwards: 70',
        ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
      ]),
    );
  };
  const byExtension = new Map(start.agents.map((a) => [a.extension, a]));
  agentSock.on('message', (buf: Buffer, from: RemoteInfo) => {
    const text = buf.toString('utf8');
    const status = /^SIP\/2\.0 (\d{3})/.exec(text);
    if (status !== null) {
      const ext = /^Call-ID:\s*reg-(.+?)@bench/im.exec(text)?.[1];
      const a = ext === undefined ? undefined : byExtension.get(ext);
      if (a === undefined) return;
      if (status[1] === '200') registered.add(a.extension);
      else if (status[1] === '401') {
        const challenge = header(text, 'WWW-Authenticate') ?? '';
        const p = Object.fromEntries([...challenge.matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
        const uri = `sip:127.0.0.1:${start.sipPort}`;
        const ha1 = md5(`${a.username}:${p.realm}:${a.password}`);
        const ha2 = md5(`REGISTER:${uri}`);
        const qop = p.qop === undefined ? null : 'auth';
        const cnonce = 'benchcnonce';
        const response = qop === null ? md5(`${ha1}:${p.nonce}:${ha2}`) : md5(`${ha1}:${p.nonce}:00000001:${cnonce}:${qop}:${ha2}`);
        register(
          a,
          2,
          `Digest username="${a.username}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", response="${response}", algorithm=MD5` +
            (qop === null ? '' : `, qop=${qop}, nc=00000001, cnonce="${cnonce}"`),
        );
      }
      return;
    }
    const method = /^(\w+) /.exec(text)?.[1];
    const callId = header(text, 'Call-ID') ?? '';
    const reply = (code: string, request: string, toTag: boolean): void => {
      const to = header(request, 'To') ?? '';
      void agentSock.send(
        crlf([`SIP/2.0 ${code}`, ...headers(request, 'Via'), `From: ${header(request, 'From') ?? ''}`, `To: ${to}${toTag && !/;tag=/.test(to) ? ';tag=agent' : ''}`, `Call-ID: ${callId}`, `CSeq: ${header(request, 'CSeq') ?? ''}`]),
        from.port,
        from.address,
      );
    };
    if (method === 'INVITE') {
      if (invites.has(callId)) return; // a retransmission
      invites.set(callId, text);
      reply('100 Trying', text, false);
      onAgentInvite.get(callId)?.(text);
    } else if (method === 'CANCEL') {
      reply('200 OK', text, false);
      const invite = invites.get(callId);
      if (invite !== undefined) reply('487 Request Terminated', invite, true);
    }
  });
  // UDP: a REGISTER lost in a burst of hundreds is simply sent again (50 at a time, every 200 ms).
  const deadline = Date.now() + 30_000;
  while (registered.size < start.agents.length && Date.now() < deadline) {
    for (const a of start.agents.filter((x) => !registered.has(x.extension)).slice(0, 50)) register(a, 1);
    await new Promise((r) => setTimeout(r, 200));
  }
  process.send?.({ type: 'registered', n: registered.size });

  // --- the carrier: INVITE, CANCEL once the agent's INVITE is there (or after 2 s), ACK the final answer.
  let seq = 0;
  interface CarrierCall {
    sentAt: number;
    branch: string;
    tag: string;
    final: number | null;
    done: () => void;
    /** Any response to the INVITE arrived (Timer A stopped; a CANCEL may be sent). */
    answered: boolean;
    invite: Retransmission | null;
    /** A CANCEL is wanted; it goes once the INVITE has a provisional (RFC 3261 §9.1). */
    cancelWanted: boolean;
    cancel: Retransmission | null;
  }
  const calls = new Map<string, CarrierCall>();
  let cancelResent = 0;
  const sendCancel = (callId: string, c: CarrierCall): void => {
    const send = (): void =>
      toPbx(
        callerSock,
        crlf([
          `CANCEL sip:${start.queueNumber}@127.0.0.1:${start.sipPort} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${callerPort};branch=${c.branch}`,
          `From: "Bench Caller" <sip:carrier@127.0.0.1:${callerPort}>;tag=${c.tag}`,
          `To: <sip:${start.queueNumber}@127.0.0.1:${start.sipPort}>`,
          `Call-ID: ${callId}`,
          'CSeq: 1 CANCEL',
          'Max-Forwards: 70',
        ]),
      );
    send();
    c.cancel = retransmitUntilAnswered(() => (cancelResent++, send()), { capMs: T2_MS });
  };
  const cancel = (callId: string): void => {
    const c = calls.get(callId);
    if (c === undefined || c.final !== null || c.cancelWanted) return;
    c.cancelWanted = true;
    if (c.answered) sendCancel(callId, c);
  };
  callerSock.on('message', (buf: Buffer) => {
    const text = buf.toString('utf8');
    const status = /^SIP\/2\.0 (\d{3})/.exec(text);
    const callId = header(text, 'Call-ID') ?? '';
    const c = calls.get(callId);
    if (status === null || c === undefined) return;
    if (/^CSeq:\s*1 CANCEL/im.test(text)) {
      c.cancel?.stop();
      return;
    }
    if (!/^CSeq:\s*1 INVITE/im.test(text)) return;
    const code = Number(status[1]);
    c.invite?.stop();
    if (!c.answered) {
      c.answered = true;
      if (c.cancelWanted && c.final === null && code < 200) sendCancel(callId, c);
    }
    if (code < 300) return;
    c.cancel?.stop();
    toPbx(
      callerSock,
      crlf([
        `ACK sip:${start.queueNumber}@127.0.0.1:${start.sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${callerPort};branch=${c.branch}`,
        `From: "Bench Caller" <sip:carrier@127.0.0.1:${callerPort}>;tag=${c.tag}`,
        `To: ${header(text, 'To') ?? ''}`,
        `Call-ID: ${callId}`,
        'CSeq: 1 ACK',
        'Max-Forwards: 70',
      ]),
    );
    if (c.final === null) {
      c.final = code;
      c.done();
    }
  });

  for (const step of start.steps) {
    const latencies: number[] = [];
    const hops: CallHops[] = [];
    process.send?.({ type: 'stepStart', rate: step.rate } satisfies StepStart);
    const finals: Record<string, number> = {};
    let withDecision = 0;
    let unrouted = 0;
    let inviteResent = 0;
    let reachedAfterResend = 0;
    let noResponse = 0;
    cancelResent = 0;
    const stepCalls: string[] = [];
    const pending: Promise<void>[] = [];
    const total = Math.round(step.rate * step.seconds);
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / step.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const n = ++seq;
      const callId = `pbx-bench-${process.pid}-${n}@bench`;
      const number = start.numbers[n % start.numbers.length] ?? '+442079460958';
      const sdp = start.sdp === false ? '' : ['v=0', 'o=bench 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${50_000 + 2 * (n % 5000)} RTP/AVP 8`, 'a=rtpmap:8 PCMA/8000', 'a=sendrecv', ''].join('\r\n');
      let finished!: () => void;
      pending.push(
        new Promise<void>((resolve) => {
          finished = resolve;
        }),
      );
      const call: CarrierCall & { sentWall: number } = { sentAt: 0, sentWall: 0, branch: `z9hG4bK-pbx-${process.pid}-${n}`, tag: `c${n}`, final: null, done: finished, answered: false, invite: null, cancelWanted: false, cancel: null };
      calls.set(callId, call);
      stepCalls.push(callId);
      const giveUp = setTimeout(() => {
        unrouted++;
        onAgentInvite.delete(callId);
        cancel(callId);
      }, 2_000);
      const stop = setTimeout(() => {
        if (call.final !== null) return;
        call.final = 0;
        if (!call.answered) noResponse++;
        finished();
      }, 6_000);
      onAgentInvite.set(callId, (invite) => {
        latencies.push(performance.now() - call.sentAt);
        hops.push({ callId, sent: call.sentWall, received: wallMs(), kamailio: parseKamailioHops(header(invite, 'X-Frontline-Hops')) });
        if (/^X-Frontline-Route:/im.test(invite)) withDecision++;
        if ((call.invite?.sent ?? 0) > 0) reachedAfterResend++;
        clearTimeout(giveUp);
        onAgentInvite.delete(callId);
        cancel(callId);
      });
      void pending.at(-1)?.then(() => {
        clearTimeout(stop);
        clearTimeout(giveUp);
        call.invite?.stop();
        call.cancel?.stop();
        finals[String(call.final)] = (finals[String(call.final)] ?? 0) + 1;
        // The call stays known until the step ends: a final sent again (our ACK lost) is acknowledged again.
        invites.delete(callId);
      });
      call.sentAt = performance.now();
      call.sentWall = wallMs();
      const inviteBytes = crlf(
        [
          `INVITE sip:${start.queueNumber}@127.0.0.1:${start.sipPort} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${callerPort};branch=${call.branch}`,
          `From: "Bench Caller" <sip:carrier@127.0.0.1:${callerPort}>;tag=${call.tag}`,
          `To: <sip:${start.queueNumber}@127.0.0.1:${start.sipPort}>`,
          `Call-ID: ${callId}`,
          'CSeq: 1 INVITE',
          `Contact: <sip:carrier@127.0.0.1:${callerPort}>`,
          `P-Asserted-Identity: <sip:${number}@127.0.0.1>`,
          'Max-Forwards: 70',
          ...(sdp === '' ? [] : ['Content-Type: application/sdp']),
        ],
        sdp,
      );
      toPbx(callerSock, inviteBytes);
      call.invite = retransmitUntilAnswered(() => (inviteResent++, toPbx(callerSock, inviteBytes)));
    }
    await Promise.all(pending);
    for (const callId of stepCalls) {
      const c = calls.get(callId);
      c?.invite?.stop();
      c?.cancel?.stop();
    }
    const result: StepResult = { type: 'step', rate: step.rate, seconds: step.seconds, sent: total, latencies, withDecision, finals, unrouted, hops, inviteResent, cancelResent, reachedAfterResend, noResponse };
    process.send?.(result);
    // Let the reservations of the last calls go before the next step.
    await new Promise((r) => setTimeout(r, 1_000));
    for (const callId of stepCalls) calls.delete(callId);
  }
  agentSock.close();
  callerSock.close();
  process.send?.({ type: 'done' });
}

process.once('message', (m: EndpointsStart) => {
  main(m).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
