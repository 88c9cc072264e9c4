import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/core/log';
import type { AggregateRequest } from '../../electron/core/board/aggregate-figures';
import { createTodayThread, type BoardAggregator } from '../../electron/core/board/aggregate-thread';
import { createMetricsRepository } from '../../electron/core/metrics/metrics-repository';
import { createMetricsService, MAX_CALL_IDS, toMetricSettings } from '../../electron/core/metrics/metrics-service';
import { createSlaTargets } from '../../electron/core/metrics/sla-targets';
import { computeMetrics } from '../../shared/domain/metrics/engine';
import { DEFAULT_SETTINGS } from '../../electron/core/settings/defaults';
import { fields, inbound, report } from '../support/call-reports';
import type { BoardSnapshot } from '../../shared/contract/schemas/board';
import { seededCore, signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';
import { queryRows } from '../support/test-stores';

let clock = Date.now();
let fx: SeededCore;
const opened: BoardAggregator[] = [];

beforeEach(async () => {
  clock = new Date().setHours(24 + 9, 0, 0, 0); // tomorrow 09:00: the whole test is in one day
  fx = await seededCore(30, () => clock);
});
afterEach(async () => {
  for (const a of opened.splice(0)) await a.close();
  await fx.cleanup();
});

/** A few calls of every shape a board counts: answered and wrapped up, repeat callers, abandoned. */
async function someCalls(): Promise<void> {
  const agents = [await signedInContext(fx.core, '6001'), await signedInContext(fx.core, '6002')];
  for (const a of agents) await fx.core.dispatch('agent.setState', { state: 'available' }, a);
  for (let i = 0; i < 8; i++) {
    const ctx = agents[i % 2] as (typeof agents)[number];
    const { callId } = await report(fx.core, ctx, `c${i}`, inbound(`+4420794609${50 + (i % 3)}`, { queue: i % 2 === 0 ? 'Support' : 'Sales' }), clock);
    clock += 4000 + 3000 * i;
    if (i === 5) {
      await report(fx.core, ctx, `c${i}`, { type: 'ended', reason: 'remote-hangup' }, clock);
      continue;
    }
    await report(fx.core, ctx, `c${i}`, { type: 'answered' }, clock);
    clock += 60_000;
    await report(fx.core, ctx, `c${i}`, { type: 'ended', reason: 'remote-hangup' }, clock);
    clock += 5000;
    await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ resolved: i % 4 !== 0 }) }, ctx);
  }
}

/** `databaseFile`: the worker reads the day from the file itself; `dayReadsHere` counts the day's reads on this thread. */
function aggregatorOn(inline: boolean, options: { databaseFile?: string; dayReadsHere?: string[] } = {}): { aggregator: BoardAggregator; metrics: ReturnType<typeof createMetricsService> } {
  const settings = () => DEFAULT_SETTINGS.metrics;
  const today = createTodayThread(createLogger('test', 'silent'), { inline, databaseFile: options.databaseFile });
  const repository: typeof createMetricsRepository = (db) => {
    const plain = createMetricsRepository(db);
    const reads = options.dayReadsHere ?? [];
    return { ...plain, legsFor: (...a) => (reads.push('legsFor'), plain.legsFor(...a)), statesFor: (...a) => (reads.push('statesFor'), plain.statesFor(...a)) };
  };
  const metrics = createMetricsService({ db: fx.core.connection.db, repository, targets: createSlaTargets(fx.core.connection.db), settings, now: () => clock, today });
  const aggregator = metrics.aggregator;
  opened.push(aggregator);
  return { aggregator, metrics };
}

const request = (teamAgents: number[]): AggregateRequest => ({
  now: clock,
  settings: toMetricSettings(DEFAULT_SETTINGS.metrics),
  queues: [{ id: 1 }, { id: 2 }],
  teams: [{ id: 1, agentIds: teamAgents }],
  staffing: { intervalMs: 30 * 60_000, serviceLevelPct: 80, thresholdS: 20 },
  trendBucketMs: 15 * 60_000,
  maxCallIds: MAX_CALL_IDS,
});

describe("the board's queue, team and centre figures", () => {
  it('are computed in a worker thread, equal to the same computation on this thread and to the engine over a fresh read', async () => {
    await someCalls();
    const agentIds = (await queryRows<{ id: number }>(fx.core.store, "SELECT id FROM agents WHERE extension IN ('6001', '6002')")).map((r) => r.id);
    const inWorker = aggregatorOn(false);
    const inline = aggregatorOn(true);
    const fromWorker = await inWorker.aggregator.figures(request(agentIds));
    expect(inWorker.aggregator.thread).toBe('worker');
    expect(inline.aggregator.thread).toBe('inline');
    expect(fromWorker).toEqual(await inline.aggregator.figures(request(agentIds)));

    const repository = createMetricsRepository(fx.core.connection.db);
    const range = { from: new Date(clock).setHours(0, 0, 0, 0), to: clock + 1 };
    const settings = request(agentIds).settings;
    const input = { legs: await repository.legsFor(range, settings.fcrWindowMs), states: await repository.statesFor(range), range, now: clock, settings };
    const fresh = computeMetrics(input, { kind: 'all' });
    expect(fresh.handled.value).toBe(7);
    for (const name of ['aht_s', 'fcr_pct', 'abandon_pct', 'handled'] as const) {
      expect({ name, value: fromWorker.centre.figures[name]?.value, calls: fromWorker.centre.figures[name]?.callIds }).toEqual({ name, value: fresh[name].value, calls: fresh[name].callIds });
    }
    expect(fromWorker.teams[0]?.figures.handled?.value).toBe(7);
  });

  it('are computed over a day the worker read from the SQLite file itself: equal to a day read on this thread and sent to it, with no read of the day here', async () => {
    await someCalls();
    const agentIds = (await queryRows<{ id: number }>(fx.core.store, "SELECT id FROM agents WHERE extension IN ('6001', '6002')")).map((r) => r.id);
    const readsHere: string[] = [];
    const ownRead = aggregatorOn(false, { databaseFile: fx.core.store.file, dayReadsHere: readsHere });
    const sentOver = aggregatorOn(false, { dayReadsHere: [] });
    const figures = await ownRead.aggregator.figures(request(agentIds));
    expect(figures).toEqual(await sentOver.aggregator.figures(request(agentIds)));
    expect(figures.centre.figures.handled?.value).toBe(7);
    const settings = request(agentIds).settings;
    expect(await ownRead.aggregator.agentFigures({ now: clock, settings, agentIds, maxCallIds: MAX_CALL_IDS })).toEqual(
      await sentOver.aggregator.agentFigures({ now: clock, settings, agentIds, maxCallIds: MAX_CALL_IDS }),
    );
    expect(readsHere).toEqual([]);
    // An inline thread cannot read the file itself: the day is read here, as before.
    const inlineReads: string[] = [];
    const inline = aggregatorOn(true, { databaseFile: fx.core.store.file, dayReadsHere: inlineReads });
    expect(await inline.aggregator.figures(request(agentIds))).toEqual(figures);
    expect(inlineReads).toEqual(['legsFor', 'statesFor']);
  });

  it("give each agent's row figures from the worker, equal to the engine over a fresh read of the day for that agent", async () => {
    await someCalls();
    const agentIds = (await queryRows<{ id: number }>(fx.core.store, "SELECT id FROM agents WHERE extension IN ('6001', '6002')")).map((r) => r.id);
    const inWorker = aggregatorOn(false);
    const rows = await inWorker.aggregator.agentFigures({ now: clock, settings: request([]).settings, agentIds, maxCallIds: MAX_CALL_IDS });
    expect(inWorker.aggregator.thread).toBe('worker');
    expect(rows.map((r) => r.agentId)).toEqual(agentIds);

    const repository = createMetricsRepository(fx.core.connection.db);
    const range = { from: new Date(clock).setHours(0, 0, 0, 0), to: clock + 1 };
    const settings = request(agentIds).settings;
    const input = { legs: await repository.legsFor(range, settings.fcrWindowMs), states: await repository.statesFor(range), range, now: clock, settings };
    let handled = 0;
    for (const row of rows) {
      const fresh = computeMetrics(input, { kind: 'agents', agentIds: new Set([row.agentId]) });
      handled += row.figures.handled?.value ?? 0;
      for (const name of ['aht_s', 'agent_frt_s', 'fcr_pct', 'handled'] as const) {
        expect({ agent: row.agentId, name, value: row.figures[name]?.value, calls: row.figures[name]?.callIds }).toEqual({ agent: row.agentId, name, value: fresh[name].value, calls: fresh[name].callIds });
      }
    }
    expect(handled).toBe(7);
  });

  it("follow every call made after the board opened (the core's worker gets each change, in order)", async () => {
    const boss = await supervisorContext(fx.core, '6900');
    const centre = async () => {
      await fx.core.settled();
      const board = await fx.core.dispatch('board.subscribe', {}, boss);
      if (!board.ok) throw new Error(board.error.message);
      return (board.value as BoardSnapshot).state.centre;
    };
    expect((await centre()).handled).toBe(0);
    await someCalls();
    const after = await centre();
    const inline = await aggregatorOn(true).aggregator.figures(request([]));
    expect({ handled: after.handled, aht: after.aht.value, fcr: after.fcr.value, abandon: after.abandon.value }).toEqual({
      handled: 7,
      aht: inline.centre.figures.aht_s?.value,
      fcr: inline.centre.figures.fcr_pct?.value,
      abandon: inline.centre.figures.abandon_pct?.value,
    });
  });

  it("report the worker's heap after a full collection when asked (what its copy of today keeps, not the garbage of the turns before)", async () => {
    await someCalls();
    const { aggregator } = aggregatorOn(false);
    for (let i = 0; i < 20; i++) await aggregator.figures(request([]));
    const asIs = await aggregator.usage();
    const collected = await aggregator.usage({ collect: true });
    expect(collected.thread).toBe('worker');
    expect(collected.heapUsedBytes).toBeGreaterThan(0);
    expect(collected.heapUsedBytes).toBeLessThan(asIs.heapUsedBytes);
    // Where no worker runs, the same question collects on this thread.
    const inline = await aggregatorOn(true).aggregator.usage({ collect: true });
    expect(inline).toMatchObject({ thread: 'inline', busy: null });
  });
});
