import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { openSqliteStore } from '../../electron/core/db/store';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { seededRandom } from '../../electron/core/seed/random';
import { STRATEGIES } from '../../shared/domain/routing/queue-policy';
import { signedInContext } from '../support/seeded-core';
import { tempDir } from '../support/temp-dir';
import { benchDatabase } from './bench-database';
import { simulateDay, type DayPlan, type DayResult } from './routing-day';
import { elapsedMs, printLatencyTable } from './stats';
import { recordGcPauses } from './time-split';

const DAY: DayPlan = { agents: 12, hours: 8, callsPerHour: 150, meanTalkS: 240, meanPatienceS: 120, repeatShare: 0.3, vipShare: 0.08, unknownShare: 0.1, noAnswerShare: 0.03, seed: 11 };

/**
 * `npm run bench -- routing`: (1) the routing simulator — one seeded day of callers through the real
 * engine per strategy, side by side; (2) decision time inside the core (identify the caller, sticky
 * look-up, reserve, push the pop, record) with `--customers` customers and `--agents` agents free.
 */
export async function routingBench(args: { customers: number; samples: number; agents: number }): Promise<void> {
  const tmp = tempDir('frontline-routing-bench-');
  try {
    const template = join(tmp.dir, 'template.db');
    await seedDatabaseFile(template, { customers: 5_000, seed: 42, anchor: Date.UTC(2026, 10, 1) });
    // FRONTLINE_ROUTING_BENCH=decision measures only the decision time.
    if (process.env.FRONTLINE_ROUTING_BENCH !== 'decision') {
      const results: DayResult[] = [];
      for (const strategy of STRATEGIES) results.push(await simulateDay(template, tmp.dir, strategy, DAY));
      printDayTable(results);
    }
    // FRONTLINE_ROUTING_BENCH=simulator prints only the simulator's table.
    if (process.env.FRONTLINE_ROUTING_BENCH !== 'simulator') await decisionTime(args);
  } finally {
    tmp.cleanup();
  }
}

function printDayTable(results: DayResult[]): void {
  console.log(
    `\nRouting simulator: ${DAY.hours} h, ${DAY.agents} agents, ~${DAY.callsPerHour} calls/h, talk ${DAY.meanTalkS} s, patience ${DAY.meanPatienceS} s, ` +
      `repeat ${DAY.repeatShare * 100}%, VIP ${DAY.vipShare * 100}%, seed ${DAY.seed}; SL = answered ≤ 20 s / all callers; abandon includes max-wait releases`,
  );
  const header = ['strategy', 'callers', 'answered', 'ASA s', 'SL %', 'abandon %', 'sticky %', 'occupancy %'];
  const rows = results.map((r) => [r.strategy, String(r.callers), String(r.answered), r.asaS.toFixed(1), r.slPct.toFixed(1), r.abandonPct.toFixed(1), r.stickyPct.toFixed(1), r.occupancyPct.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
}

async function decisionTime(args: { customers: number; samples: number; agents: number }): Promise<void> {
  const file = await benchDatabase(args.customers);
  // The CRM read once into the OS page cache first: a centre's server keeps its CRM in memory, and a file other
  // runs left half out of it made some pops wait for the disk (blocked time that is the disk's, not the decision's).
  // Asks that still waited for a disk read are counted (major page faults) and printed below the table.
  const warm = readOnce(file);
  console.log(`CRM file read into the OS page cache before measuring: ${(warm.bytes / 1048576).toFixed(0)} MB in ${warm.seconds.toFixed(1)} s`);
  const core = await createCore({ store: openSqliteStore(file), logger: createLogger('bench', 'warn'), quickStart: true, validateOutput: false });
  const raw = core.connection.raw;
  const maxId = (raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
  const phoneOf = raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1');
  for (let i = 0; i < args.agents; i++) {
    const ctx = await signedInContext(core, `8${String(i).padStart(4, '0')}`);
    await core.dispatch('agent.setState', { state: 'available' }, ctx);
  }
  await core.settled();
  const r = seededRandom(5);
  const samples = Math.min(args.samples, 20_000);
  const asks: number[] = [];
  // Where each decision's wall time went, from the thread's scheduler counters (Linux): on a CPU, waiting
  // for one (the machine's load), or neither (blocked: I/O, an fsync, a lock) — the decision's own stalls.
  const waitingForCpu: number[] = [];
  const blocked: number[] = [];
  const reports: number[] = [];
  const lookups: number[] = [];
  let asksFromDisk = 0;
  // The process's CPU time inside asks (getrusage: current when read, all threads, GC helpers included): the
  // ask's work whatever the machine's load; the mean is the figure to compare between builds on a busy machine.
  let cpuUs = 0;
  // Each ask's window (performance.now() for GC pauses, process.hrtime µs for a --cpu-prof profile) and its
  // GC pause, waiting for a CPU and disk reads: what the slowest 1 % spent its time on (printed below the table;
  // FRONTLINE_ROUTING_ASKS=file also writes every window, for tests/bench/ask-profile.ts).
  const windows: AskWindow[] = [];
  // The heap's used bytes before and after each ask and each whole caller (lookup, ask, two reports): in a window
  // without a GC pause their difference is what it allocated — what fills the young generation and makes scavenges.
  const askBytes: Allocation[] = [];
  const callerBytes: Allocation[] = [];
  const heapReadBytes = bytesOfAHeapRead();
  const gc = recordGcPauses();
  const allocations = await sampleAllocations(process.env.FRONTLINE_ROUTING_HEAP_PROFILE);
  const lookupCtx = await signedInContext(core, '99990');
  for (let i = 0; i < samples + 200; i++) {
    const h0 = usedHeap();
    const q0 = performance.now();
    const callId = randomUUID();
    const number = phoneOf.get(r.int(1, maxId))?.e164 ?? null;
    // The screen-pop lookup alone, on another number, in the same run: how loaded the machine is (docs/BENCHMARKS.md has its quiet figure).
    const tl = process.hrtime.bigint();
    await core.dispatch('crm.lookupByPhone', { phone: phoneOf.get(r.int(1, maxId))?.e164 ?? '+442079460958' }, lookupCtx);
    const lookupMs = elapsedMs(tl);
    const m0 = performance.now();
    const s0 = schedstat();
    const c0 = process.cpuUsage();
    const a0 = usedHeap();
    const p0 = performance.now();
    const t0 = process.hrtime.bigint();
    const d = await core.routing.ask({ callId, caller: { number, displayName: null }, queue: null });
    const t1 = elapsedMs(t0);
    const p1 = performance.now();
    const a1 = usedHeap();
    const c1 = process.cpuUsage(c0);
    const s1 = schedstat();
    const m1 = performance.now();
    const t2 = process.hrtime.bigint();
    await core.routing.report({ callId, decisionId: d.decisionId, what: 'declined' });
    await core.routing.report({ callId, decisionId: null, what: 'caller-gone' });
    const h1 = usedHeap();
    const q1 = performance.now();
    if (i >= 200) {
      askBytes.push({ from: m0, to: m1, bytes: a1 - a0 - heapReadBytes });
      callerBytes.push({ from: q0, to: q1, bytes: h1 - h0 - heapReadBytes });
      asks.push(t1);
      if (s0 !== null && s1 !== null) {
        if (s1.majorFaults > s0.majorFaults) asksFromDisk++;
        waitingForCpu.push(s1.waitingMs - s0.waitingMs);
        blocked.push(Math.max(0, t1 - (s1.onCpuMs - s0.onCpuMs) - (s1.waitingMs - s0.waitingMs)));
      }
      cpuUs += c1.user + c1.system;
      windows.push({ startUs: Number(t0 / 1000n), ms: t1, from: p0, to: p1, waitingMs: s0 !== null && s1 !== null ? s1.waitingMs - s0.waitingMs : 0, majorFaults: s0 !== null && s1 !== null ? s1.majorFaults - s0.majorFaults : 0, gcMs: 0 });
      reports.push(elapsedMs(t2));
      lookups.push(lookupMs);
    }
    if (d.kind !== 'agent') throw new Error(`expected an agent, got ${d.kind}`);
  }
  await allocations.stop();
  await core.close();
  // perf_hooks delivers GC entries in a task of their own: let them arrive before reading them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const w of windows) w.gcMs = gc.during(w.from, w.to);
  const allocated = { ask: bytesAllocated(askBytes, gc), caller: bytesAllocated(callerBytes, gc) };
  const gcSummary = gc.summary();
  gc.stop();
  printLatencyTable(`Routing decision inside the core: identify + sticky + reserve + pop pushed + recorded; ${maxId} customers, ${args.agents} agents free (goal p99 ≤ 2 ms)`, [
    { label: 'core.routing.ask → agent', samplesMs: asks },
    ...(blocked.length > 0
      ? [
          { label: '  of which waiting for a CPU (load)', samplesMs: waitingForCpu },
          { label: '  of which blocked (I/O, fsync, locks)', samplesMs: blocked },
        ]
      : []),
    { label: 'report declined + caller-gone', samplesMs: reports },
    { label: 'crm.lookupByPhone alone (load gauge)', samplesMs: lookups },
  ]);
  if (blocked.length > 0) console.log(`asks that waited for a disk read (a major page fault): ${asksFromDisk} of ${asks.length}`);
  console.log(`CPU per ask (process, mean over ${asks.length}): ${(cpuUs / 1000 / Math.max(1, asks.length)).toFixed(3)} ms`);
  console.log(
    `allocated per ask (heap used after − before, the ${allocated.ask.n} asks without a GC inside): mean ${kb(allocated.ask.mean)} / median ${kb(allocated.ask.median)} KB; ` +
      `per caller (lookup + ask + declined + caller-gone, ${allocated.caller.n} without a GC): mean ${kb(allocated.caller.mean)} / median ${kb(allocated.caller.median)} KB`,
  );
  printTail(windows);
  console.log(`GC over the run: ${gcSummary}`);
  const asksFile = process.env.FRONTLINE_ROUTING_ASKS;
  if (asksFile !== undefined && asksFile !== '') writeFileSync(asksFile, JSON.stringify(windows));
}

/** A window's heap growth (bytes), and its performance.now() bounds to tell whether a GC ran inside. */
interface Allocation {
  from: number;
  to: number;
  bytes: number;
}

function usedHeap(): number {
  return getHeapStatistics().used_heap_size;
}

/** What reading the heap's statistics itself allocates (its result object), taken off every window. */
function bytesOfAHeapRead(): number {
  const reads: number[] = [];
  for (let i = 0; i < 101; i++) {
    const a = usedHeap();
    const b = usedHeap();
    if (b >= a) reads.push(b - a);
  }
  return reads.sort((x, y) => x - y)[reads.length >> 1] ?? 0;
}

/** Mean and median bytes allocated over the windows no GC pause touched (a GC frees, so their difference would not be what was allocated). */
function bytesAllocated(windows: Allocation[], gc: { during(fromMs: number, toMs: number): number }): { n: number; mean: number; median: number } {
  const clean = windows.filter((w) => gc.during(w.from, w.to) === 0 && w.bytes >= 0).map((w) => w.bytes);
  const sorted = [...clean].sort((a, b) => a - b);
  return { n: clean.length, mean: clean.reduce((a, b) => a + b, 0) / Math.max(1, clean.length), median: sorted[sorted.length >> 1] ?? Number.NaN };
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/** One measured ask: its window on both clocks, and what of it was a GC pause, waiting for a CPU, disk reads. */
export interface AskWindow {
  startUs: number;
  ms: number;
  from: number;
  to: number;
  gcMs: number;
  waitingMs: number;
  majorFaults: number;
}

/** The slowest 1 % of asks: how many had a GC pause or a disk read inside, and how much of their time was GC and waiting for a CPU. */
function printTail(windows: AskWindow[]): void {
  const slow = [...windows].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(windows.length / 100)));
  const sum = (f: (w: AskWindow) => number) => slow.reduce((a, w) => a + f(w), 0);
  const all = (f: (w: AskWindow) => number) => windows.reduce((a, w) => a + f(w), 0);
  console.log(
    `slowest 1 % (${slow.length} asks, ${(slow.at(-1)?.ms ?? 0).toFixed(2)}–${(slow[0]?.ms ?? 0).toFixed(2)} ms, ${sum((w) => w.ms).toFixed(1)} ms): ` +
      `${slow.filter((w) => w.gcMs > 0).length} with a GC pause inside (${sum((w) => w.gcMs).toFixed(1)} ms of GC), ` +
      `${slow.filter((w) => w.majorFaults > 0).length} with a disk read, ${sum((w) => w.waitingMs).toFixed(1)} ms waiting for a CPU; ` +
      `all asks: ${windows.filter((w) => w.gcMs > 0).length} with a GC pause inside (${all((w) => w.gcMs).toFixed(1)} ms)`,
  );
}

/**
 * FRONTLINE_ROUTING_HEAP_PROFILE=file.heapprofile: V8's sampling heap profiler over the measured loop, counting
 * objects a scavenge or a full GC already collected too (what makes scavenges frequent is what is allocated,
 * not what survives); open the file in Chrome DevTools' Memory tab or read it with tests/bench/heap-sites.ts.
 */
async function sampleAllocations(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (file === undefined || file === '') return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  return {
    async stop() {
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Read a file once from start to end (into the OS page cache). */
function readOnce(file: string): { bytes: number; seconds: number } {
  const started = performance.now();
  const fd = openSync(realpathSync(file), 'r');
  const buffer = Buffer.allocUnsafe(4 * 1048576);
  let bytes = 0;
  try {
    for (let n = readSync(fd, buffer, 0, buffer.length, bytes); n > 0; n = readSync(fd, buffer, 0, buffer.length, bytes)) bytes += n;
  } finally {
    closeSync(fd);
  }
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

/** The calling thread's time on a CPU and waiting for one so far (ms), and its major page faults (disk reads), or null off Linux. */
function schedstat(): { onCpuMs: number; waitingMs: number; majorFaults: number } | null {
  if (!existsSync('/proc/thread-self/schedstat')) return null;
  const [onCpu, waiting] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
  // /proc/thread-self/stat: the fields after the command's closing parenthesis; majflt is the 10th of them.
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const majorFaults = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[9] ?? 0);
  return { onCpuMs: (onCpu ?? 0) / 1e6, waitingMs: (waiting ?? 0) / 1e6, majorFaults };
}
