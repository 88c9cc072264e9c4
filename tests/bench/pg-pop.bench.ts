import type pg from 'pg';
import { createCore, type Core } from '../../electron/core/create-core';
import { openPostgresStore, openSqliteStore } from '../../electron/core/db/store';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { seededRandom } from '../../electron/core/seed/random';
import { formatE164 } from '../../shared/domain/phone';
import { benchDatabase } from './bench-database';
import { benchPostgresAdminUrl, benchPostgresCrm } from './bench-postgres';
import { popIntoSharedBuffers } from './pg-pop-warm';
import { elapsedMs, printLatencyTable } from './stats';
import { mainThreadClockPath, otherThreadClockPaths, readProcessClock, readTaskClock, readTaskClocks, recordGcPauses, type TaskClock } from './time-split';

/** One sample and where its wall time went (the clocks are null off Linux). */
interface Sample {
  ms: number;
  from: number;
  to: number;
  node: { before: TaskClock | null; after: TaskClock | null };
  server: { before: TaskClock | null; after: TaskClock | null };
}

/**
 * Rounds (one pop on each path) before the measured ones. V8 is still tiering the pop's code up long after
 * its first thousand pops, and its optimizing compiler runs on background threads that take the second core
 * from the PostgreSQL backend: with 1,000 rounds, 107 TurboFan compilations and 20 deopts fell in the next
 * 3,000 pops, Node's other threads used 0.19–0.26 ms of CPU a pop; after 4,000, 35 compilations and 0.09 ms
 * (session 11, docs/BENCHMARKS.md). The goal is the pop of a server that has been running, not V8's start-up.
 */
const WARM_UP_ROUNDS = 4_000;

/**
 * `npm run bench -- pg-pop [--samples N ≤ 5000]`: crm.lookupByPhone on the 1M-customer CRM, SQLite and
 * PostgreSQL side by side in one run: two real cores (as the hosts run them, no output check),
 * the same callers, samples alternating between the two so that a noisy moment hits both alike.
 * PostgreSQL reads through its pop reader: one prepared statement, one round trip per pop (ADR 0046). Goal (issue 14): p99 ≤ 2 ms
 * on PostgreSQL. The first run moves the CRM into PostgreSQL (kept for later runs). Each run first loads
 * the pop's tables and indexes into shared_buffers (pg_prewarm) when the server's shared_buffers
 * holds them, and says so (ADR 0052: the OS page cache does not keep them on this machine).
 * A third path, alternating with the two, is PostgreSQL's floor on this machine at that moment: a bare
 * prepared round trip on the same pool. Then it prints where the time went, for all samples and for the
 * slowest 1% of each path: this process on a CPU (and its GC pauses), its main thread waiting for a CPU, the
 * server's backends on a CPU or waiting for one, and the rest (nobody running: wake-ups, loopback).
 */
export async function pgPopBench(args: { customers: number; samples: number }): Promise<void> {
  // 5,000 a side at most: the run stays within a few minutes even on a loaded machine.
  const sampleCount = Math.min(args.samples, 5_000);
  const warmUp = WARM_UP_ROUNDS;
  const file = await benchDatabase(args.customers);
  const url = await benchPostgresCrm(benchPostgresAdminUrl(), file, args.customers);
  console.log(`PostgreSQL: ${await popIntoSharedBuffers(url)}`);
  const logger = createLogger('bench', 'warn');
  const sqlite = await createCore({ quickStart: true, store: openSqliteStore(file), logger, validateOutput: false });
  const pgStore = openPostgresStore(url);
  const postgres = await createCore({ quickStart: true, store: pgStore, logger, validateOutput: false });
  const gc = recordGcPauses();
  try {
    const count = (sqlite.connection.raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
    // Callers: 90% known customers (random primary numbers, half written in national format), 10% unknown numbers.
    const r = seededRandom(1);
    const primary = sqlite.connection.raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY is_primary DESC LIMIT 1');
    // One caller per round, warm-up included: the measured pops are not customers the warm-up already read.
    const callers: string[] = [];
    for (let i = 0; i < warmUp + sampleCount; i++) {
      if (r.chance(0.1)) callers.push(`+4479${String(r.int(0, 99_999_999)).padStart(8, '0')}`);
      else {
        const e164 = primary.get(r.int(1, count))?.e164 ?? '+442079460958';
        callers.push(r.chance(0.5) ? e164 : formatE164(e164));
      }
    }
    const contexts = new Map<Core, ReturnType<typeof newCallContext>>();
    for (const core of [sqlite, postgres]) {
      const ctx = newCallContext();
      const signIn = await core.dispatch('agent.signIn', { name: 'Bench', extension: 'bench', takeOver: true }, ctx);
      if (!signIn.ok) throw new Error(signIn.error.message);
      contexts.set(core, ctx);
    }
    // Where each sample's time went (read just outside the timed window): this process on a CPU (getrusage),
    // its main thread and the PostgreSQL core's backends (every connection of its pool) waiting for a CPU, the backends on one (schedstat)
    // and this process's GC pauses inside the window.
    const nodeClock = mainThreadClockPath();
    let backends: string[] = [];
    const timed = async (onServer: boolean, work: () => Promise<void>): Promise<Sample> => {
      const server0 = onServer ? readTaskClocks(backends) : null;
      const node0 = readProcessClock(nodeClock);
      const from = performance.now();
      const t = process.hrtime.bigint();
      await work();
      const ms = elapsedMs(t);
      const to = performance.now();
      const node1 = readProcessClock(nodeClock);
      const server1 = onServer ? readTaskClocks(backends) : null;
      return { ms, from, to, node: { before: node0, after: node1 }, server: { before: server0, after: server1 } };
    };
    const lookup = (core: Core) => async (phone: string) => {
      const res = await core.dispatch('crm.lookupByPhone', { phone }, contexts.get(core) as ReturnType<typeof newCallContext>);
      if (!res.ok) throw new Error(res.error.message);
    };
    // The floor under any PostgreSQL read here: one round trip of a prepared statement that does nothing,
    // on the same pool, in the same run — what this machine's scheduling and loopback cost at that moment.
    const bareRoundTrip = async (phone: string) => {
      await pgStore.pool.query({ name: 'frontline.bench.roundTrip', text: 'SELECT $1::text AS phone', values: [phone] });
    };
    const paths = [
      { label: 'SQLite (better-sqlite3, WAL)', server: false, run: lookup(sqlite), samples: [] as Sample[] },
      { label: 'PostgreSQL 15 (pg, 1 statement)', server: true, run: lookup(postgres), samples: [] as Sample[] },
      { label: 'PostgreSQL bare round trip (floor)', server: true, run: bareRoundTrip, samples: [] as Sample[] },
    ];
    let otherThreads0: TaskClock | null = null;
    for (let i = 0; i < warmUp + sampleCount; i++) {
      if (i === warmUp) {
        backends = await backendClockPaths(pgStore.pool);
        otherThreads0 = readTaskClocks(otherThreadClockPaths());
      }
      const phone = callers[i] as string;
      // Rotate which goes first, so none always gets the warmer cache line.
      for (let k = 0; k < paths.length; k++) {
        const path = paths[(i + k) % paths.length] as (typeof paths)[number];
        const sample = await timed(path.server, () => path.run(phone));
        if (i >= warmUp) path.samples.push(sample);
        await betweenRequests();
      }
    }
    const otherThreads1 = readTaskClocks(otherThreadClockPaths());
    const customers = (await postgres.connection.db.selectFrom('customers').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    printLatencyTable(
      `crm.lookupByPhone, in-process as hosts run it, ${count} customers in SQLite / ${customers} in PostgreSQL, alternating (goal: PostgreSQL p99 ≤ 2 ms)`,
      paths.map((p) => ({ label: p.label, samplesMs: p.samples.map((x) => x.ms) })),
    );
    printTimeSplit(paths, gc.during);
    if (otherThreads0 !== null && otherThreads1 !== null) {
      const rounds = sampleCount * paths.length;
      console.log(
        `Node's other threads (V8's compiler and GC helpers) on a CPU over the measured samples: ${(otherThreads1.onCpuMs - otherThreads0.onCpuMs).toFixed(0)} ms ` +
          `(${((otherThreads1.onCpuMs - otherThreads0.onCpuMs) / rounds).toFixed(3)} ms a sample), after ${warmUp} warm-up rounds`,
      );
    }
    console.log(`GC pauses of this process over the run (both stores): ${gc.summary() || 'none'}`);
  } finally {
    gc.stop();
    await postgres.close();
    await sqlite.close();
  }
}

/**
 * Each sample in a turn of the event loop of its own, as a server's requests arrive: V8 runs the GC work
 * it schedules as tasks (scavenges when the young generation fills, incremental marking) when the loop
 * turns. A SQLite pop never gives the loop a turn (it resolves in microtasks), so without this every GC
 * task the whole run scheduled ran inside the next PostgreSQL pop's network wait and was counted against
 * PostgreSQL (session 10: all 69 scavenges of a run fell in PostgreSQL samples, none in SQLite's).
 * Two `setImmediate`s: the second turn passes the loop's poll phase, where Node runs V8's posted tasks.
 */
const betweenRequests = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/** The schedstat files of the PostgreSQL core's backends (its pool's connections and its bus's), or none when the server is not on this machine. */
async function backendClockPaths(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'frontline'");
  return rows.map((r) => `/proc/${r.pid}/schedstat`).filter((p) => readTaskClock(p) !== null);
}

/**
 * Where the pops' wall time went, on average over all samples and over the slowest 1%: this
 * process on a CPU (all threads), its GC pauses, its main thread waiting for a CPU, the server's backends on a CPU and waiting
 * for one, and the rest (the process idle while nobody ran: wake-ups, loopback, the server's own waits).
 * Tells a tail of the code (on a CPU) from a tail of the machine (waiting) from a GC tail.
 */
function printTimeSplit(paths: { label: string; server: boolean; samples: Sample[] }[], gcDuring: (from: number, to: number) => number): void {
  const delta = (c: { before: TaskClock | null; after: TaskClock | null }, k: keyof TaskClock) => (c.before === null || c.after === null ? Number.NaN : c.after[k] - c.before[k]);
  const parts = (x: Sample) => {
    const nodeCpu = delta(x.node, 'onCpuMs');
    const nodeWait = delta(x.node, 'waitingMs');
    const serverCpu = delta(x.server, 'onCpuMs');
    const serverWait = delta(x.server, 'waitingMs');
    const gcMs = gcDuring(x.from, x.to);
    const known = [nodeCpu, nodeWait, serverCpu, serverWait].filter((v) => !Number.isNaN(v)).reduce((a, b) => a + b, 0);
    return [x.ms, nodeCpu, gcMs, nodeWait, serverCpu, serverWait, Math.max(0, x.ms - known)];
  };
  const labels = ['wall', 'Node process on a CPU (all threads)', '  of which GC pauses', 'Node main thread waiting for a CPU', 'server backends on a CPU', 'server backends waiting for a CPU', 'rest (idle: wake-ups, loopback, I/O)'];
  const mean = (rows: number[][], i: number) => rows.reduce((a, r) => a + (r[i] as number), 0) / Math.max(1, rows.length);
  const columns: { title: string; server: boolean; rows: number[][] }[] = [];
  paths.forEach(({ server, samples }, i) => {
    const all = samples.map(parts);
    const slowest = [...all].sort((a, b) => (b[0] as number) - (a[0] as number)).slice(0, Math.max(1, Math.ceil(all.length / 100)));
    columns.push({ title: `(${i + 1}) all`, server, rows: all }, { title: `(${i + 1}) slowest 1%`, server, rows: slowest });
  });
  const width = Math.max(...labels.map((l) => l.length));
  console.log(`\nWhere the time went (mean ms per sample; getrusage of this process, Linux schedstat of its main thread and of the server's backends, perf_hooks GC): ${paths.map((p, i) => `(${i + 1}) ${p.label}`).join(', ')}`);
  console.log(`${''.padEnd(width)}  ${columns.map((c) => c.title.padStart(17)).join('')}`);
  labels.forEach((label, i) => {
    console.log(`${label.padEnd(width)}  ${columns.map((c) => (label.startsWith('server') && !c.server ? '-' : mean(c.rows, i).toFixed(3)).padStart(17)).join('')}`);
  });
}
