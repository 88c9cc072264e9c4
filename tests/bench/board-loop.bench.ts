import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import type { BoardCellRef, BoardSnapshot, BoardTrace, CallSummary } from '../../shared/contract/schemas/board';
import { createCore } from '../../electron/core/create-core';
import { openSqliteStore } from '../../electron/core/db/store';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { createFloor } from '../support/floor-sim';
import { METRICS_BENCH_DAY, metricsBenchDatabase, trimToGenerated } from './metrics-database';
import { describeStall, watchStalls } from './stall-watch';
import { elapsedMs, printLatencyTable } from './stats';

export interface BoardLoopBenchArgs {
  /** Stored call legs of the history (default 10,000,000: the "10M-call day"). */
  calls: number;
  agents: number;
  eventsPerSecond?: number;
  seconds?: number;
}

const SUPERVISOR = { name: 'Bench Supervisor', extension: '7000', password: 'bench supervisor' };
/** The supervisor opens one of the board's numbers this often (board.trace, then board.calls, as the drill-down dialog does). */
const TRACE_EVERY_MS = 2000;
/** A 5 ms timer that comes late by more than this was blocked: a stall. */
const STALL_MS = 20;

/**
 * `npm run bench -- board-loop [--calls N] [--agents N] [--rate N] [--seconds N]`: does the live
 * board ever hold up the server? The metrics benchmark's big day (500 agents, ~60,000 legs today
 * over a 10M-call history), every agent signed in, a supervisor's board subscribed, then the
 * simulated floor sends call events at `rate` a second through the real write path while the
 * board turns, and the supervisor opens a number every 2 s to see the calls behind it (ADR 0042).
 * Every frame the supervisor's connection would be sent (deltas, the snapshot, the traces' answers)
 * is made with JSON.stringify on this thread, as the WebSocket binding does. Prints the event loop's delay (perf_hooks), its largest stalls (a 5 ms timer's
 * lateness, split into the main thread on a CPU, waiting for a core and asleep, with page faults and
 * GC pauses: tests/bench/stall-watch.ts) and how busy it was. The floor starts each event in a task
 * of its own, as separate agents' requests arrive. Which code and which sleep made each stall:
 *   FRONTLINE_BENCH_STALLS=/tmp/stalls.json node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx tests/bench/run.ts board-loop
 *   npx tsx tests/bench/stall-profile.ts /tmp/prof/CPU….cpuprofile /tmp/stalls.json
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
    // The supervisor's board is connected as over WebSocket: every event it may receive is made into
    // a frame the way electron/server/ws-binding.ts does (JSON.stringify), on this thread; only the socket write is left out.
    let eventSeq = 0;
    let sentBytes = 0;
    let largestFrame = 0;
    const unsubscribe = core.subscribe(boss, (event, payload) => {
      const bytes = JSON.stringify({ event, seq: ++eventSeq, payload }).length;
      sentBytes += bytes;
      largestFrame = Math.max(largestFrame, bytes);
    });
    // The first subscribe builds the board and loads today (a restarted server's first board): how long
    // the event loop was held up meanwhile, apart from the turns measured below (ADR 0066).
    const subscribeDelay = monitorEventLoopDelay({ resolution: 10 });
    subscribeDelay.enable();
    const subscribed = await core.dispatch('board.subscribe', {}, boss);
    if (!subscribed.ok) throw new Error(`board.subscribe: ${subscribed.error.message}`);
    sentBytes += JSON.stringify({ id: 1, result: subscribed }).length;
    subscribeDelay.disable();
    const subscribeMs = elapsedMs(t);
    // The numbers the supervisor opens in turn: the centre's (up to 1,000 calls each), each team's, each queue's, agents'.
    const state = (subscribed.value as BoardSnapshot).state;
    const numbers: BoardCellRef[] = [
      ...(['aht_s', 'agent_frt_s', 'fcr_pct', 'service_level_pct', 'asa_s', 'abandon_pct'] as const).map((metric) => ({ scope: 'centre' as const, metric })),
      ...state.teams.map((team) => ({ scope: 'team' as const, id: team.teamId, metric: 'aht_s' as const })),
      ...state.queues.map((queue) => ({ scope: 'queue' as const, id: queue.queueId, metric: 'service_level_pct' as const })),
      ...state.agents.slice(0, 20).map((row) => ({ scope: 'agent' as const, id: row.agentId, metric: 'fcr_pct' as const })),
    ];
    let traces = 0;
    let tracedCalls = 0;
    let largestTrace = 0;
    let requestId = 1;
    const respond = (result: unknown): void => {
      const bytes = JSON.stringify({ id: ++requestId, result }).length;
      sentBytes += bytes;
      largestTrace = Math.max(largestTrace, bytes);
    };
    const openNumber = async (): Promise<void> => {
      const ref = numbers[traces++ % numbers.length] as BoardCellRef;
      const traced = await core.dispatch('board.trace', ref, boss);
      respond(traced);
      if (!traced.ok) throw new Error(`board.trace ${JSON.stringify(ref)}: ${traced.error.message}`);
      const { callIds } = traced.value as BoardTrace;
      if (callIds.length === 0) return;
      const calls = await core.dispatch('board.calls', { callIds }, boss);
      respond(calls);
      if (calls.ok) tracedCalls += (calls.value as { calls: CallSummary[] }).calls.length;
    };
    let tracing = Promise.resolve();
    const traceTimer = setInterval(() => {
      tracing = tracing.then(openNumber).catch((error: unknown) => console.error('trace failed', error));
    }, TRACE_EVERY_MS);
    console.log(`board-loop: ${args.calls.toLocaleString('en-GB')}-call history, ${args.agents} agents signed in (${(setUpMs / 1000).toFixed(1)} s), board subscribed in ${(subscribeMs / 1000).toFixed(1)} s (the event loop's max block meanwhile ${(subscribeDelay.max / 1e6).toFixed(1)} ms); ${rate} events/s for ${seconds} s`);

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    // FRONTLINE_BENCH_STALLS=file: also what the main thread was asleep in during each stall, and the
    // stalls written to the file (for tests/bench/stall-profile.ts beside a --cpu-prof profile).
    const stallsFile = process.env.FRONTLINE_BENCH_STALLS;
    const watch = watchStalls({ stallMs: STALL_MS, offCpu: stallsFile !== undefined });
    const started = performance.now();
    loopDelay.enable();
    const elu = performance.eventLoopUtilization();
    floor.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await floor.stop();
    clearInterval(traceTimer);
    await tracing;
    const busy = performance.eventLoopUtilization(elu).utilization;
    loopDelay.disable();
    const stalls = await watch.stop();
    unsubscribe();
    const ran = (performance.now() - started) / 1000;

    const ms = (ns: number): string => (ns / 1e6).toFixed(1);
    const column = (pick: (s: (typeof stalls)[number]) => number | null) => stalls.flatMap((s) => (pick(s) === null ? [] : [pick(s) as number]));
    const onCpu = column((s) => s.cpuMs);
    printLatencyTable(`Board turns on the big day: ${floor.events} events in ${ran.toFixed(0)} s (${(floor.events / ran).toFixed(1)}/s), ${floor.errors.length} refused (goal: max block ≤ 50 ms)`, [
      { label: `stalls > ${STALL_MS} ms (a 5 ms timer's lateness)`, samplesMs: stalls.map((s) => s.ms) },
      ...(onCpu.length === 0
        ? []
        : [
            { label: '  of which the main thread ran (on CPU)', samplesMs: onCpu },
            { label: '  waited for a core', samplesMs: column((s) => s.waitMs) },
            { label: '  was asleep (lock, disk, fault)', samplesMs: column((s) => s.asleepMs) },
          ]),
    ]);
    console.log(
      `event loop: busy ${(100 * busy).toFixed(0)}%; delay p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, ` +
        `max block ${ms(loopDelay.max)} ms; ${stalls.length} stalls over ${STALL_MS} ms; to the board ${eventSeq} events, ${(sentBytes / 1e6).toFixed(1)} MB of frames (the largest ${(largestFrame / 1e6).toFixed(1)} MB); ` +
        `${traces} numbers opened (${tracedCalls.toLocaleString('en-GB')} calls listed, the largest answer ${(largestTrace / 1e6).toFixed(2)} MB); the longest stalls:`,
    );
    for (const s of [...stalls].sort((a, b) => b.ms - a.ms).slice(0, 6)) console.log(`  ${describeStall(s)}`);
    if (stallsFile !== undefined) {
      writeFileSync(stallsFile, JSON.stringify(stalls));
      console.log(`stalls written to ${stallsFile} (with a --cpu-prof profile: npx tsx tests/bench/stall-profile.ts PROFILE ${stallsFile})`);
    }
  } finally {
    await core.close();
    const removed = trimToGenerated(db.file, db.maxIds);
    console.log(`(removed the ${removed.toLocaleString('en-GB')} rows this run added)`);
    // Something (three MessagePorts, not found yet) can keep the process alive after the core closed, and a
    // profiled run writes the main thread's profile only when it ends: say what is left, and end it.
    setTimeout(() => {
      console.log(`still running 10 s after the bench: ${process.getActiveResourcesInfo().join(', ')}; exiting`);
      process.exit(0);
    }, 10_000).unref();
  }
}
