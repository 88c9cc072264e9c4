import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { LAB } from './sip-rig';

/**
 * A burst of SIP callers from one UDP socket, written for what a queue does to a caller: any mix of
 * 100, 180, 182 and 183, then either a final error (480, 486, 503 …: ACKed on the INVITE's branch)
 * or, still ringing or queued after `holdMs`, a CANCEL (same branch; 200 for it, then 487 for the
 * INVITE, ACKed). sipp's scenario language could not say "cancel after whichever provisional
 * came" without aborting (and cancelling on its own terms) the calls that took the other branch.
 * Nobody answers here: a 200 OK is recorded as such (the test fails on it) and the call is left.
 */
export interface BurstCaller {
  callId: string;
  /** Provisional statuses received, in order, without repeats. */
  provisional: number[];
  /** The INVITE's final status, null when none came. */
  final: number | null;
  /** The status the CANCEL got, null when no CANCEL was sent or answered. */
  cancelled: number | null;
}

export interface BurstOptions {
  calls: number;
  /** INVITEs per second. */
  perSecond: number;
  /** The number dialled (a queue number of the lab PBX). */
  service: string;
  /** The caller's number of call i (in P-Asserted-Identity). */
  caller: (i: number) => string;
  /** How long a caller stays ringing or queued before cancelling. */
  holdMs: number;
  /** Give up waiting for final answers after this long. */
  timeoutMs?: number;
}

interface Leg extends BurstCaller {
  branch: string;
  fromTag: string;
  number: string;
  inviteTimer: NodeJS.Timeout | null;
  cancelTimer: NodeJS.Timeout | null;
}

export async function sipBurst(o: BurstOptions): Promise<BurstCaller[]> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const run = randomBytes(4).toString('hex');
  const legs = new Map<string, Leg>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void): NodeJS.Timeout => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
    return t;
  };
  const send = (text: string): void => socket.send(Buffer.from(text.replace(/\n/g, '\r\n')), LAB.sipPort, '127.0.0.1');
  const head = (leg: Leg, method: string, to = `<sip:${o.service}@127.0.0.1:${LAB.sipPort}>`): string =>
    [
      `${method} sip:${o.service}@127.0.0.1:${LAB.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=${leg.branch}`,
      `From: "Burst Caller" <sip:carrier@127.0.0.1:${port}>;tag=${leg.fromTag}`,
      `To: ${to}`,
      `Call-ID: ${leg.callId}`,
      `CSeq: 1 ${method}`,
      'Max-Forwards: 70',
    ].join('\n');

  const invite = (leg: Leg, i: number): void => {
    const sdp = ['v=0', 'o=burst 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${41_000 + 2 * i} RTP/AVP 8`, 'a=rtpmap:8 PCMA/8000', 'a=sendrecv', ''].join('\n');
    send(
      `${head(leg, 'INVITE')}\nContact: <sip:carrier@127.0.0.1:${port}>\nP-Asserted-Identity: <sip:${leg.number}@127.0.0.1>\nContent-Type: application/sdp\nContent-Length: ${Buffer.byteLength(sdp.replace(/\n/g, '\r\n'))}\n\n${sdp}`,
    );
  };
  const cancel = (leg: Leg): void => send(`${head(leg, 'CANCEL')}\nContent-Length: 0\n\n`);

  const finished = new Promise<void>((resolve) => {
    const check = (): void => {
      if (legs.size === o.calls && [...legs.values()].every((l) => l.final !== null)) resolve();
    };
    socket.on('message', (buf) => {
      const text = buf.toString('utf8');
      const status = /^SIP\/2\.0 (\d{3})/.exec(text);
      const callId = /^Call-ID:\s*(.+?)\s*$/im.exec(text)?.[1];
      const method = /^CSeq:\s*\d+\s+(\w+)/im.exec(text)?.[1];
      const leg = callId === undefined ? undefined : legs.get(callId);
      if (status === null || leg === undefined) return; // requests (none expected) and strangers
      const code = Number(status[1]);
      if (method === 'CANCEL') {
        leg.cancelled = code;
        if (leg.cancelTimer !== null) clearTimeout(leg.cancelTimer);
        return;
      }
      if (leg.inviteTimer !== null) clearTimeout(leg.inviteTimer); // any answer stops the INVITE's retransmissions
      leg.inviteTimer = null;
      if (code < 200) {
        if (!leg.provisional.includes(code)) leg.provisional.push(code);
        // The first provisional starts the caller's patience; a CANCEL is retransmitted until answered.
        if (leg.cancelTimer === null && leg.final === null && code > 100) {
          const retransmit = (): void => {
            if (leg.final !== null || leg.cancelled !== null) return;
            cancel(leg);
            leg.cancelTimer = later(500, retransmit);
          };
          leg.cancelTimer = later(o.holdMs, retransmit);
        }
        return;
      }
      if (leg.final === null) leg.final = code;
      if (code >= 300) {
        // The ACK for a final error is hop by hop: the INVITE's branch, the To tag of the answer (every retransmission of it too).
        const to = /^To:\s*(.+?)\s*$/im.exec(text)?.[1] ?? `<sip:${o.service}@127.0.0.1>`;
        send(`${head(leg, 'ACK', to)}\nContent-Length: 0\n\n`);
      }
      check();
    });
  });

  for (let i = 0; i < o.calls; i++) {
    const leg: Leg = {
      callId: `burst-${run}-${i}@lab`,
      branch: `z9hG4bK-burst-${run}-${i}`,
      fromTag: `b${run}${i}`,
      number: o.caller(i),
      provisional: [],
      final: null,
      cancelled: null,
      inviteTimer: null,
      cancelTimer: null,
    };
    legs.set(leg.callId, leg);
    // Timer A: retransmit the INVITE (500 ms, doubling) until something comes back.
    let interval = 500;
    const retransmit = (): void => {
      invite(leg, i);
      leg.inviteTimer = later(interval, retransmit);
      interval = Math.min(interval * 2, 4_000);
    };
    retransmit();
    await new Promise((resolve) => setTimeout(resolve, 1000 / o.perSecond));
  }
  const timeout = new Promise<void>((resolve) => later(o.timeoutMs ?? o.holdMs + 20_000, resolve));
  await Promise.race([finished, timeout]);
  // Late CANCEL answers: give them a moment, then stop everything this burst started.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const t of timers) clearTimeout(t);
  closeQuietly(socket);
  return [...legs.values()].map(({ callId, provisional, final, cancelled }) => ({ callId, provisional, final, cancelled }));
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
