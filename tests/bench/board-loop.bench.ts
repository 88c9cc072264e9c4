import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { createCore } from '../../electron/core/create-core';
import { openSqliteStore } from '../../electron/core/db/store';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { createFloor } from '../support/floor-sim';
import { METRICS_BENCH_DAY, metricsBenchDatabase, trimToGenerated } from './metrics-database';
import { elapsedMs, printLatencyTable } from './stats';

export interface BoardLoopBenchArgs {
  /** Stored call legs of the history (default 10,000,000: the "10M-call day"). */
  calls: number;
  agents: number;
  eventsPerSecond?: number;
  seconds?: number;
}

const SUPERVISOR = { name: 'Bench Supervisor', extension: '7000', password: 'bench supervisor' };
/** A stall sampler: a timer this often; a tick that comes late by more than this was blocked. */
const TICK_MS = 5;
const STALL_MS = 20;
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/**
 * How long the main thread has run on a CPU (Linux schedstat, ns), or null elsewhere. On a shared
 * machine a stall is partly the thread waiting for a core; this tells the server's own work apart.
 */
function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * `npm run bench -- board-loop [--calls N] [--agents N] [--rate N] [--seconds N]`: does the live
 * board ever hold up the server? The metrics benchmark's big day (500 agents, ~60,000 legs today
 * over a 10M-call history), every agent signed in, a supervisor's board subscribed, then the
 * simulated floor sends call events at `rate` a second through the real write path while the
 * board turns. Prints the event loop's delay (perf_hooks), its largest stalls (a 5 ms timer's
 * lateness, and how much of each stall the main thread itself was on a CPU: on a shared machine the
 * rest is waiting for a core) and how busy it was. The floor starts each event in a task of its own,
 * as separate agents' requests arrive. Profile it with `npx tsx --cpu-prof tests/bench/run.ts board-loop`.
 */
export async function boardLoopBench(args: BoardLoopBenchArgs): Promise<void> {
  const rate = args.eventsPerSecond ?? 50;
  const seconds = args.seconds ?? 90;
  const db = await metricsBenchDatabase({ calls: args.calls, agents: args.agents, seed: 42, day: METRICS_BENCH_DAY });
  // The core's clock: the bench day's evening, running in real time.
  const t0 = performance.now();
  const now = (): number => db.now + Math.round(performance.now() - t0);
  let t = process.hrtime.bigint();
  const core = await createCore({ quickStart: true, store: openSqliteStore(db.file), now, logger: createLogger('bench', 'warn'), validateOutput: false });
  try {
    await upsertSupervisor(core.connection.db, SUPERVISOR, now());
    const boss = newCallContext();
    const signedIn = await core.dispatch('agent.signIn', SUPERVISOR, boss);
    if (!signedIn.ok) throw new Error(`supervisor sign-in: ${signedIn.error.message}`);
    // The generated agents (extensions 7001…) sign in and go available: the floor drives them.
    const floor = await createFloor(core, { agents: args.agents, eventsPerSecond: rate, seed: 5, firstExtension: 7001, now });
    const setUpMs = elapsedMs(t);
    t = process.hrtime.bigint();
    const subscribed = await core.dispatch('board.subscribe', {}, boss);
    if (!subscribed.ok) throw new Error(`board.subscribe: ${subscribed.error.message}`);
    const subscribeMs = elapsedMs(t);
    console.log(`board-loop: ${args.calls.toLocaleString('en-GB')}-call history, ${args.agents} agents signed in (${(setUpMs / 1000).toFixed(1)} s), board subscribed in ${(subscribeMs / 1000).toFixed(1)} s; ${rate} events/s for ${seconds} s`);

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    const stalls: { at: number; ms: number; cpuMs: number | null }[] = [];
    let last = performance.now();
    let lastCpu = mainThreadCpuMs();
    const sampler = setInterval(() => {
      const at = performance.now();
      const cpu = mainThreadCpuMs();
      const late = at - last - TICK_MS;
      if (late > STALL_MS) stalls.push({ at: (at - started) / 1000, ms: late, cpuMs: cpu === null || lastCpu === null ? null : Math.max(0, cpu - lastCpu - TICK_MS) });
      last = at;
      lastCpu = cpu;
    }, TICK_MS);
    const started = performance.now();
    loopDelay.enable();
    const elu = performance.eventLoopUtilization();
    floor.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await floor.stop();
    const busy = performance.eventLoopUtilization(elu).utilization;
    loopDelay.disable();
    clearInterval(sampler);
    const ran = (performance.now() - started) / 1000;

    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    const onCpu = stalls.flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs]));
    printLatencyTable(`Board turns on the big day: ${floor.events} events in ${ran.toFixed(0)} s (${(floor.events / ran).toFixed(1)}/s), ${floor.errors.length} refused (goal: max block ≤ 50 ms)`, [
      { label: `stalls > ${STALL_MS} ms (a ${TICK_MS} ms timer's lateness)`, samplesMs: stalls.map((s) => s.ms) },
      ...(onCpu.length === 0 ? [] : [{ label: '  of which the main thread ran (on CPU)', samplesMs: onCpu }]),
    ]);
    console.log(
      `event loop: busy ${(100 * busy).toFixed(0)}%; delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, ` +
        `max block ${ms(loopDelay.max)} ms; ${stalls.length} stalls over ${STALL_MS} ms, the longest at ` +
        [...stalls]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((s) => `${s.at.toFixed(1)} s (${s.ms.toFixed(0)} ms${s.cpuMs === null ? '' : `, ${s.cpuMs.toFixed(0)} on CPU`})`)
          .join(', '),
    );
  } finally {
    await core.close();
    const removed = trimToGenerated(db.file, db.maxIds);
    console.log(`(removed the ${removed.toLocaleString('en-GB')} rows this run added)`);
  }
}
