import { readdirSync, readFileSync } from 'node:fs';
import { percentile } from './stats';

/**
 * Where a routed call's time goes in `npm run bench -- routing-pbx`: each call's moments on one wall clock
 * (ms since the epoch, sub-millisecond) from the three places that see it — the carrier and agent (the
 * endpoints process), Kamailio (X-Frontline-Hops on the agent's INVITE, config define WITH_HOP_TIMES) and
 * Frontline (the router's onHop) — and, per step, how much CPU each process used against how long its
 * threads waited for a CPU (Linux schedstat), so a slow hop can be told apart from a busy machine.
 */

/**
 * performance.now() → the wall clock (ms since the epoch), anchored where Date.now() ticks to the next
 * millisecond: accurate to a few µs, where performance.timeOrigin was measured off by 0.5–1.6 ms against
 * Kamailio's gettimeofday() (negative hops).
 */
const anchor = ((): number => {
  const first = Date.now();
  let at = first;
  let mono = performance.now();
  while (at === first) {
    mono = performance.now();
    at = Date.now();
  }
  return at - mono;
})();

/** A performance.now() reading on the wall clock. */
export const toWallMs = (monotonicMs: number): number => anchor + monotonicMs;

/** The wall clock in ms with sub-millisecond precision: comparable with Kamailio's $TV(Sn) and across processes. */
export const wallMs = (): number => toWallMs(performance.now());

/** One routed call as the endpoints process saw it: its moments and Kamailio's, wall clock in ms. */
export interface CallHops {
  callId: string;
  /** The carrier wrote the INVITE. */
  sent: number;
  /** The agent read the INVITE. */
  received: number;
  /** Kamailio's moments from X-Frontline-Hops (in, ask, pre0, pre1, disp, worker, cont, ng0, ng1). */
  kamailio: Record<string, number>;
}

/** Frontline's moments for one call (router onHop), wall clock in ms. */
export type FrontlineHops = Partial<Record<'read' | 'decided' | 'written', number>>;

/** `in=1764650000.123456;ask=…` → { in: 1764650000123.456, … } (ms). */
export function parseKamailioHops(header: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(';')) {
    const [k, v] = part.split('=');
    const seconds = Number(v);
    // A moment the call never passed is empty, <null> or 0 (a $var Kamailio's process never set, e.g. on the static route).
    if (k !== undefined && k.trim() !== '' && v !== undefined && v.trim() !== '' && Number.isFinite(seconds) && seconds > 0) out[k.trim()] = seconds * 1000;
  }
  return out;
}

/** The hops, in path order: from → to, with what runs there. */
const HOPS: { label: string; from: string; to: string }[] = [
  { label: 'carrier → Kamailio request route (UDP, a SIP worker free)', from: 'sent', to: 'k.in' },
  { label: 'request route → ask handed to evapi (t_newtran, the ask)', from: 'k.in', to: 'k.ask' },
  { label: '  meanwhile: the agent leg offered to rtpengine (SIP worker, ng round trip)', from: 'k.pre0', to: 'k.pre1' },
  { label: 'ask → read by Frontline (evapi dispatcher, TCP, event loop)', from: 'k.ask', to: 'f.read' },
  { label: 'read → decision back (routing.ask in the core, its queue)', from: 'f.read', to: 'f.decided' },
  { label: 'decision → written to Kamailio', from: 'f.decided', to: 'f.written' },
  { label: 'written → evapi dispatcher event route', from: 'f.written', to: 'k.disp' },
  { label: 'dispatcher → async worker', from: 'k.disp', to: 'k.worker' },
  { label: 'worker → t_continue in DECIDED (waits for the offer made meanwhile)', from: 'k.worker', to: 'k.cont' },
  { label: 'DECIDED → branch route (lookup, t_relay)', from: 'k.cont', to: 'k.ng0' },
  { label: 'branch: the SDP offered meanwhile, or an offer now (ng round trip)', from: 'k.ng0', to: 'k.ng1' },
  { label: 'branch sent → read by the agent', from: 'k.ng1', to: 'received' },
  { label: 'INVITE in → INVITE at the agent (the figure)', from: 'sent', to: 'received' },
];

/** p50 / p90 / p99 / max of every hop for the calls that have both ends of it. */
export function hopTable(calls: CallHops[], frontline: ReadonlyMap<string, FrontlineHops>): string[] {
  const at = (c: CallHops, key: string): number | undefined => {
    if (key === 'sent') return c.sent;
    if (key === 'received') return c.received;
    if (key.startsWith('k.')) return c.kamailio[key.slice(2)];
    return frontline.get(c.callId)?.[key.slice(2) as keyof FrontlineHops];
  };
  const rows = HOPS.map((h) => {
    const samples = calls.flatMap((c) => {
      const a = at(c, h.from);
      const b = at(c, h.to);
      return a === undefined || b === undefined ? [] : [b - a];
    });
    samples.sort((x, y) => x - y);
    const f = (p: number): string => (samples.length === 0 ? '-' : percentile(samples, p).toFixed(2));
    return [h.label, String(samples.length), f(50), f(90), f(99), samples.length === 0 ? '-' : (samples.at(-1) as number).toFixed(2)];
  });
  return table(['hop', 'calls', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], rows, 1);
}

/** On-CPU and waiting-for-a-CPU nanoseconds summed over every thread of some processes. */
export interface CpuSample {
  onCpuNs: number;
  waitingNs: number;
}

function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

/** A process and its direct children (Kamailio forks its workers from the main process). */
export function withChildren(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const out = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Every thread of these processes, or (`onlyMainThread`) only each one's main thread. */
export function cpuOf(pids: number[], onlyMainThread = false): CpuSample {
  const sample = { onCpuNs: 0, waitingNs: 0 };
  for (const pid of pids) {
    for (const tid of onlyMainThread ? [pid] : threadsOf(pid)) {
      try {
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        sample.onCpuNs += run ?? 0;
        sample.waitingNs += wait ?? 0;
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return sample;
}

/** Per process group over one step: CPU used and time its threads waited for a CPU, per call and as a share of the step. */
export function cpuRows(step: { rate: number; calls: number; wallMs: number }, before: Record<string, CpuSample>, after: Record<string, CpuSample>): string[][] {
  return Object.keys(after).map((name) => {
    const a = after[name] as CpuSample;
    const b = before[name] ?? { onCpuNs: 0, waitingNs: 0 };
    const cpuMs = (a.onCpuNs - b.onCpuNs) / 1e6;
    const waitMs = (a.waitingNs - b.waitingNs) / 1e6;
    const perCall = (ms: number): string => (step.calls === 0 ? '-' : (ms / step.calls).toFixed(2));
    return [String(step.rate), name, perCall(cpuMs), `${((100 * cpuMs) / step.wallMs).toFixed(0)} %`, perCall(waitMs)];
  });
}

export function cpuTable(rows: string[][]): string[] {
  return table(['offered/s', 'process', 'CPU ms/call', 'CPU share of the step', 'waiting for a CPU ms/call'], rows, 2);
}

function table(header: string[], rows: string[][], leftColumns: number): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}
