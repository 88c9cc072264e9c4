import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsReport, ScoredMetric } from '../../shared/contract/schemas/metrics';
import { supervisorContext } from '../support/seeded-core';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';

let floor: RoutingFloor;
beforeEach(async () => {
  floor = await routingFloor();
});
afterEach(async () => floor.cleanup());

/**
 * Queue metrics are whole (issue 13 item 5): a caller who hung up in the queue, or was released at
 * max wait, never reached a desk but counts — as an abandon and a missed service level — today
 * (the projection) and in any range read from the tables.
 */
describe('callers who never reached an agent count in queue metrics', () => {
  it('a queue-only abandon and a max-wait release are abandons and fail the service level, today and read back', async () => {
    await floor.available('7001');
    await floor.ask('held', null);
    await floor.ask('gives-up', null);
    floor.clock.now += 30_000;
    await floor.core.routing.report({ callId: 'gives-up', decisionId: null, what: 'caller-gone' });
    await floor.ask('released', null);
    await floor.advance(121_000);
    await floor.core.settled();
    const sup = await supervisorContext(floor.core);
    const read = async (range?: { from: number; to: number }) => {
      const r = await floor.core.dispatch('metrics.query', { scope: { kind: 'all' }, ...(range === undefined ? {} : { range }) }, sup);
      if (!r.ok) throw new Error(r.error.message);
      const m = (name: string) => (r.value as MetricsReport).metrics.find((x) => x.metric === name) as ScoredMetric;
      return { abandon: [m('abandon_pct').numerator, m('abandon_pct').denominator], sl: [m('service_level_pct').numerator, m('service_level_pct').denominator] };
    };
    const today = await read();
    // 'held' rang 7001, nobody reported (no page here): the leak guard freed 7001, and it too waited out max wait.
    expect(today.abandon).toEqual([3, 3]);
    expect(today.sl).toEqual([0, 3]);
    const stored = await read({ from: floor.clock.now - 3600_000, to: floor.clock.now + 1 });
    expect(stored).toEqual(today);
  });
});
