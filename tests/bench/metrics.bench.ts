import { openSqliteStore } from '../../electron/core/db/store';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Kysely, SqliteDialect } from 'kysely';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { createCore, type Core } from '../../electron/core/create-core';
import { openSqlite } from '../../electron/core/db/connection';
import type { Database } from '../../electron/core/db/schema';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { createMetricsRepository } from '../../electron/core/metrics/metrics-repository';
import { toMetricSettings } from '../../electron/core/metrics/metrics-service';
import { TodayCache } from '../../electron/core/metrics/today-cache';
import { DEFAULT_SETTINGS } from '../../electron/core/settings/defaults';
import type { MetricsReport } from '../../shared/contract/schemas/metrics';
import { computeByAgent, computeMetrics } from '../../shared/domain/metrics/engine';
import type { CallLeg, TimeRange } from '../../shared/domain/metrics/types';
import { METRICS_BENCH_DAY, metricsBenchDatabase, trimToGenerated, type MetricsBenchDatabase } from './metrics-database';
import { elapsedMs, percentile, printLatencyTable } from './stats';

export interface MetricsBenchArgs {
  /** Stored call legs (default 10,000,000). */
  calls: number;
  /** Agents (default 500); about 100 legs each per day, so days = calls / (agents × 100). */
  agents: number;
  /** Full recomputes to time (default 15). */
  repeats: number;
  /** New calls through the live write path (default 1,000). */
  newCalls: number;
}

const SETTINGS = toMetricSettings(DEFAULT_SETTINGS.metrics);
const SUPERVISOR_PASSWORD = 'bench supervisor';
/** The board phase: this many calls at the centre's daytime pace (50,000 legs in 9 hours ≈ 1.5 a second). */
const BOARD_CALLS = 60;
const BOARD_CALLS_PER_S = 1.5;
const DAY_MS = 86_400_000;

const p50 = (samples: readonly number[]): number => percentile([...samples].sort((a, b) => a - b), 50);
const n = (x: number): string => x.toLocaleString('en-GB');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function fileSize(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // no WAL file
    }
  }
  return total;
}

/**
 * The exact statements the repository runs for today's load, captured through a logging Kysely
 * on the same file, with SQLite's plan for each distinct shape and how many times it ran.
 */
async function explainTodayLoad(file: string, range: TimeRange): Promise<void> {
  const conn = openSqlite(file);
  const seen = new Map<string, { count: number; ms: number; sql: string; params: readonly unknown[] }>();
  const logged = new Kysely<Database>({
    dialect: new SqliteDialect({ database: conn.raw }),
    log: (event) => {
      if (event.level !== 'query') return;
      // Chunks of one statement differ only in their IN list length: one shape.
      const shape = event.query.sql.replace(/\((\?, )+\?\)/g, '(?, …)').replace(/\s+/g, ' ');
      const entry = seen.get(shape) ?? { count: 0, ms: 0, sql: event.query.sql, params: event.query.parameters };
      entry.count += 1;
      entry.ms += event.queryDurationMillis;
      seen.set(shape, entry);
    },
  });
  const repository = createMetricsRepository(logged);
  const legs = await repository.legsFor(range, SETTINGS.fcrWindowMs);
  const states = await repository.statesFor(range);
  const raw = conn.raw;
  const count = (sql: string, ...params: unknown[]): number => (raw.prepare(sql).get(...params) as { n: number }).n;
  const offeredFrom = (from: number): number => legs.filter((l) => l.offeredAt !== null && l.offeredAt >= from && l.offeredAt < range.to).length;
  const today = offeredFrom(range.from);
  const lookBack = offeredFrom(range.from - DAY_MS) - today;
  console.log(`\nToday's load (${new Date(range.from).toISOString()} + 24 h) reads ${n(legs.length)} legs and ${n(states.length)} presence changes:`);
  console.log(`  ${n(today)} legs offered today; ${n(lookBack)} offered in the 24 h before (the "longest call" look-back);`);
  console.log(`  ${n(legs.length - today - lookBack)} more from the same callers within the FCR window (±${SETTINGS.fcrWindowMs / 3_600_000} h);`);
  console.log(
    `  presence: ${n(count('SELECT count(*) AS n FROM agent_state_changes WHERE at >= ? AND at < ?', range.from - DAY_MS, range.to))} rows read ` +
      `(24 h look-back) for ${n(states.length)} kept.`,
  );
  console.log(`Statements (× times run, total ms) and SQLite's plan for the first of each:`);
  for (const [shape, { count: times, ms, sql, params }] of seen) {
    const where = shape.lastIndexOf(' WHERE ') >= 0 ? shape.slice(shape.lastIndexOf(' WHERE ')) : shape.slice(shape.toLowerCase().lastIndexOf(' where '));
    const union = /\bUNION\b/.test(shape) ? ' (UNION of offered_at and wrap_up_ended_at ranges)' : '';
    console.log(`- ×${times}, ${ms.toFixed(1)} ms: …${where.slice(0, 140)}${union}`);
    for (const step of raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]) console.log(`    ${step.detail}`);
  }
  await conn.close();
}

interface FullRun {
  legsMs: number;
  statesMs: number;
  cacheMs: number;
  computeMs: number;
  legs: number;
  states: number;
  agents: number;
  cache: TodayCache | null;
}

/** One cold full recompute on a fresh connection (empty SQLite page cache; the OS page cache stays warm). */
async function fullRecompute(db: MetricsBenchDatabase, range: TimeRange): Promise<FullRun> {
  const conn = openSqlite(db.file);
  const repository = createMetricsRepository(conn.db);
  let t = process.hrtime.bigint();
  const legs = await repository.legsFor(range, SETTINGS.fcrWindowMs);
  const legsMs = elapsedMs(t);
  t = process.hrtime.bigint();
  const states = await repository.statesFor(range);
  const statesMs = elapsedMs(t);
  t = process.hrtime.bigint();
  const cache = new TodayCache(range, legs, states);
  const cacheMs = elapsedMs(t);
  t = process.hrtime.bigint();
  const byAgent = computeByAgent(cache.input(db.now, SETTINGS));
  const computeMs = elapsedMs(t);
  await conn.close();
  return { legsMs, statesMs, cacheMs, computeMs, legs: legs.length, states: states.length, agents: byAgent.size, cache };
}

async function ok<T>(core: Core, method: string, params: unknown, ctx: CallContext): Promise<T> {
  const r = await core.dispatch(method, params, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * `npm run bench -- metrics [--calls N] [--agents N] [--repeats N] [--new-calls N]`: today's
 * per-agent metrics recomputed from the database (legs + presence → computeByAgent), and the
 * live path after one new call (calls.report ×3 + wrapUp.submit, each refreshing the one leg
 * in today's cache, then the agent's metrics.query).
 */
export async function metricsBench(args: MetricsBenchArgs): Promise<void> {
  const db = await metricsBenchDatabase({ calls: args.calls, agents: args.agents, seed: 42, day: METRICS_BENCH_DAY });
  const range = { from: db.todayStart, to: db.todayStart + DAY_MS };
  {
    const conn = openSqlite(db.file);
    const count = (sql: string): number => (conn.raw.prepare(sql).get() as { n: number }).n;
    console.log(
      `database: ${db.file} — ${mb(fileSize(db.file))}, ${n(count('SELECT max(id) AS n FROM calls'))} calls over ${db.days} days, ` +
        `${n(count('SELECT max(id) AS n FROM wrap_ups'))} wrap-ups, ${n(count('SELECT max(id) AS n FROM call_holds'))} holds, ` +
        `${n(count('SELECT max(id) AS n FROM agent_state_changes'))} presence changes, ${n(db.customers)} customers` +
        (db.generatedMs === null ? ' (cached)' : `; generated in ${(db.generatedMs / 1000).toFixed(0)} s`),
    );
    console.log(`"today" is ${METRICS_BENCH_DAY} (local), the clock pinned at ${new Date(db.now).toISOString()}`);
    await conn.close();
  }
  await explainTodayLoad(db.file, range);

  // A: full recompute, cold (fresh connection) each time.
  const runs: FullRun[] = [];
  let cache: TodayCache | null = null;
  for (let i = 0; i < args.repeats; i++) {
    const r = await fullRecompute(db, range);
    // Keep only the last run's cache (each holds a few hundred MB at full size); B upserts into it.
    cache = r.cache;
    r.cache = null;
    runs.push(r);
    console.log(
      `  full recompute ${i + 1}/${args.repeats}: legsFor ${r.legsMs.toFixed(0)} ms, statesFor ${r.statesMs.toFixed(0)} ms, ` +
        `cache ${r.cacheMs.toFixed(0)} ms, computeByAgent ${r.computeMs.toFixed(0)} ms (${n(r.legs)} legs, ${n(r.states)} states, ${r.agents} agents)`,
    );
  }
  const last = runs[runs.length - 1] as FullRun;
  if (cache === null) throw new Error('--repeats must be at least 1');
  const cachedLegs = cache.size;
  const readMs = runs.map((r) => r.legsMs + r.statesMs);
  const fullMs = runs.map((r) => r.legsMs + r.statesMs + r.cacheMs + r.computeMs);

  // The service's own cold path: a fresh core, the first centre-wide query loads today's cache.
  const logger = createLogger('bench', 'warn');
  let clock = db.now;
  /** Set during the board phase: the clock then runs in real time from `clock`. */
  let realFrom: number | null = null;
  const now = (): number => (realFrom === null ? clock : clock + Math.round(performance.now() - realFrom));
  let t = process.hrtime.bigint();
  const core = await createCore({ quickStart: true, store: openSqliteStore(db.file), now, logger, validateOutput: false });
  const startupMs = elapsedMs(t);
  try {
    await upsertSupervisor(core.connection.db, { name: 'Bench Supervisor', extension: '7000', password: SUPERVISOR_PASSWORD }, db.now);
    const boss = newCallContext();
    await ok(core, 'agent.signIn', { name: 'Bench Supervisor', extension: '7000', password: SUPERVISOR_PASSWORD }, boss);
    t = process.hrtime.bigint();
    await ok<MetricsReport>(core, 'metrics.query', { scope: { kind: 'all' } }, boss);
    const firstQueryMs = elapsedMs(t);
    // Every agent's figures through the API, one query each, from the warm cache.
    const agentRows = core.connection.raw.prepare("SELECT id, extension FROM agents WHERE role = 'agent' ORDER BY id").all() as { id: number; extension: string }[];
    const sweepMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = process.hrtime.bigint();
      for (const { id } of agentRows) await ok(core, 'metrics.query', { scope: { kind: 'agent', agentId: id } }, boss);
      sweepMs.push(elapsedMs(t));
    }

    // Every agent signs in and goes available, as at the start of a shift.
    t = process.hrtime.bigint();
    const desks: Desk[] = [];
    for (const { id, extension } of agentRows) {
      const ctx = newCallContext();
      await ok(core, 'agent.signIn', { name: `Agent ${extension}`, extension }, ctx);
      await ok(core, 'agent.setState', { state: 'available' }, ctx);
      desks.push({ ctx, id, ext: extension });
    }
    const signInMs = elapsedMs(t);

    // B: new calls through the live write path, round-robin over 20 agents.
    const chosen = Array.from({ length: Math.min(20, desks.length) }, (_, i) => desks[Math.floor((i * desks.length) / Math.min(20, desks.length))] as Desk);
    const writeMs: number[] = [];
    const queryMs: number[] = [];
    const totalMs: number[] = [];
    const legMs: number[] = [];
    const agentComputeMs: number[] = [];
    const repository = createMetricsRepository(core.connection.db);
    const todayCache = cache;
    const warmUp = Math.min(50, args.newCalls);
    for (let i = 0; i < warmUp + args.newCalls; i++) {
      const desk = chosen[i % chosen.length] as Desk;
      const r = await newCall(core, desk, i, db.customers, (ms) => {
        clock += ms;
      }, now);
      // The same update by hand, timed in parts: the one-leg read, then the agent's recompute from the cache.
      t = process.hrtime.bigint();
      const leg = (await repository.leg(r.callId)) as CallLeg;
      const legRead = elapsedMs(t);
      t = process.hrtime.bigint();
      todayCache.upsert(leg);
      computeMetrics(todayCache.inputForAgent(desk.id, now(), SETTINGS), { kind: 'agents', agentIds: new Set([desk.id]) });
      const computed = elapsedMs(t);
      if (i >= warmUp) {
        writeMs.push(r.writeMs);
        queryMs.push(r.queryMs);
        totalMs.push(r.writeMs + r.queryMs);
        legMs.push(legRead);
        agentComputeMs.push(computed);
      }
    }
    // The incremental figures must equal a fresh read of the day (as the metrics-service test checks).
    const differing = new Map<string, string[]>();
    for (const desk of chosen) {
      const live = await ok<MetricsReport>(core, 'metrics.query', { scope: { kind: 'me' } }, desk.ctx);
      const fresh = await ok<MetricsReport>(core, 'metrics.query', { scope: { kind: 'me' }, range: live.range }, desk.ctx);
      live.metrics.forEach((m, i) => {
        const f = fresh.metrics[i];
        if (f === undefined || JSON.stringify(m) === JSON.stringify(f)) return;
        const show = (x: typeof m): string => `${x.numerator}/${x.denominator}`;
        differing.set(m.metric, [...(differing.get(m.metric) ?? []), `${desk.ext}: ${show(m)} live vs ${show(f)} fresh`]);
      });
    }

    // C: the same calls with a supervisor's live board open, arriving at a centre's pace (open loop, real-time clock).
    t = process.hrtime.bigint();
    await ok(core, 'board.subscribe', {}, boss);
    const subscribeMs = elapsedMs(t);
    const boardCallMs: number[] = [];
    const boardDispatchMs: number[] = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    realFrom = performance.now();
    loopDelay.enable();
    const elu = performance.eventLoopUtilization();
    const chains: Promise<void>[] = [];
    for (let i = 0; i < BOARD_CALLS; i++) {
      const due = (realFrom as number) + (i * 1000) / BOARD_CALLS_PER_S;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const desk = desks[(i * 37) % desks.length] as Desk;
      chains.push(
        newCall(core, desk, 100_000 + i, db.customers, () => undefined, now, boardDispatchMs).then(() => {
          boardCallMs.push(performance.now() - due);
        }),
      );
    }
    await Promise.all(chains);
    const boardSeconds = (performance.now() - (realFrom as number)) / 1000;
    const busy = performance.eventLoopUtilization(elu).utilization;
    loopDelay.disable();
    realFrom = null;

    printLatencyTable(`Full recompute: today's metrics for ${last.agents} agents over ${n(args.calls)} stored calls (cold: fresh connection each run)`, [
      { label: 'DB read: repository.legsFor(today)', samplesMs: runs.map((r) => r.legsMs) },
      { label: 'DB read: repository.statesFor(today)', samplesMs: runs.map((r) => r.statesMs) },
      { label: 'index: new TodayCache(legs, states)', samplesMs: runs.map((r) => r.cacheMs) },
      { label: 'compute: computeByAgent (all agents)', samplesMs: runs.map((r) => r.computeMs) },
      { label: 'total: read + index + compute', samplesMs: fullMs },
    ], { min: true });
    console.log(
      `legs loaded: ${n(last.legs)} (${n(cachedLegs)} in the cache), presence changes: ${n(last.states)}; ` +
        `DB read ${((100 * p50(readMs)) / p50(fullMs)).toFixed(0)}% of the p50 total; first run ${(fullMs[0] ?? 0).toFixed(0)} ms`,
    );
    console.log(
      `service cold path: createCore on this file ${startupMs.toFixed(0)} ms; first metrics.query {all} (loads today, centre-wide) ${firstQueryMs.toFixed(0)} ms; ` +
        `${agentRows.length} × metrics.query {agent} from the warm cache: p50 ${p50(sweepMs).toFixed(0)} ms per sweep of all agents; ` +
        `${agentRows.length} agents signed in and went available in ${signInMs.toFixed(0)} ms`,
    );

    printLatencyTable(`Incremental: one new call for one agent, then that agent's metrics (${n(args.newCalls)} calls after ${warmUp} warm-up, ${chosen.length} agents)`, [
      { label: 'write: calls.report ×3 + wrapUp.submit', samplesMs: writeMs },
      { label: 'read: metrics.query {me}', samplesMs: queryMs },
      { label: 'total: new call → agent metrics', samplesMs: totalMs },
      { label: 'part: repository.leg(id) (one refresh)', samplesMs: legMs },
      { label: 'part: upsert + agent recompute', samplesMs: agentComputeMs },
    ], { min: true });
    const full = p50(fullMs);
    console.log(
      `ratio full/incremental at p50: ${(full / p50(queryMs)).toFixed(0)}× vs metrics.query {me}; ${(full / p50(totalMs)).toFixed(0)}× vs the whole new call; ` +
        `${(full / (p50(legMs) + p50(agentComputeMs))).toFixed(0)}× vs leg refresh + agent recompute`,
    );
    if (differing.size === 0) console.log(`incremental == fresh read of the day for all ${chosen.length} agents: yes`);
    for (const [metric, cases] of differing) {
      console.log(`incremental != fresh read: ${metric} differs for ${cases.length} of ${chosen.length} agents, e.g. ${cases.slice(0, 3).join('; ')}`);
    }

    printLatencyTable(
      `With the live board open: ${BOARD_CALLS} new calls at ${BOARD_CALLS_PER_S}/s over all ${desks.length} agents (latency from each call's due time)`,
      [
        { label: 'board.subscribe (cold snapshot)', samplesMs: [subscribeMs] },
        { label: 'each dispatch (report, submit, query)', samplesMs: boardDispatchMs },
        { label: 'new call → agent metrics', samplesMs: boardCallMs },
      ],
      { min: true },
    );
    console.log(
      `over ${boardSeconds.toFixed(1)} s: event loop busy ${(100 * busy).toFixed(0)}% of the time; event-loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, ` +
        `p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms (a board turn blocks every request for that long)`,
    );
  } finally {
    await core.close();
    const removed = trimToGenerated(db.file, db.maxIds);
    console.log(`(removed the ${n(removed)} rows this run added)`);
  }
}

interface Desk {
  ctx: CallContext;
  id: number;
  ext: string;
}

/**
 * One inbound call for one agent through the live write path (offered, answered, ended, wrap-up
 * submitted), then the agent's own metrics.query. `step` advances the pinned clock between events.
 */
async function newCall(
  core: Core,
  desk: Desk,
  i: number,
  customers: number,
  step: (ms: number) => void,
  now: () => number,
  dispatchMs?: number[],
): Promise<{ callId: number; writeMs: number; queryMs: number }> {
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const t = process.hrtime.bigint();
    const value = await ok<T>(core, method, params, desk.ctx);
    dispatchMs?.push(elapsedMs(t));
    return value;
  };
  const key = `bench-${randomUUID()}`;
  const customerId = 1 + ((i * 7919) % customers);
  const offered = {
    type: 'offered',
    direction: 'inbound',
    callerE164: `+4477${String(customerId).padStart(8, '0')}`,
    withheld: false,
    callerDisplay: null,
    queue: 'Support',
    waitedMs: 4000,
    queueCallId: `bench-q-${i}`,
    sipCallId: null,
    customerId,
  };
  const report = (event: unknown) => call<{ callId: number }>('calls.report', { callKey: key, eventId: randomUUID(), at: now(), event });
  const started = process.hrtime.bigint();
  const { callId } = await report(offered);
  step(3000);
  await report({ type: 'answered' });
  step(8000);
  await report({ type: 'ended', reason: 'remote-hangup' });
  step(2000);
  const fields = { dispositionCode: 'resolved', resolved: i % 4 !== 0, notes: '', offerCode: null, offerOutcome: null, callbackAt: null, tags: [] };
  await call('wrapUp.submit', { callId, fields });
  const writeMs = elapsedMs(started);
  step(1000);
  const t = process.hrtime.bigint();
  await call<MetricsReport>('metrics.query', { scope: { kind: 'me' } });
  return { callId, writeMs, queryMs: elapsedMs(t) };
}
