import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { supervisorContext } from '../support/seeded-core';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';

let floor: RoutingFloor;
beforeEach(async () => {
  floor = await routingFloor();
});
afterEach(async () => floor.cleanup());

describe('supervisors steer routing', () => {
  it('a queue strategy change takes effect on the next decision and is audit-logged; agents may not steer', async () => {
    const a = await floor.available('7001');
    floor.clock.now += 1_000;
    const b = await floor.available('7002');
    const sup = await supervisorContext(floor.core);
    // b has had fewer calls today than a: fewest-calls picks b although a is idle longer.
    await floor.core.connection.db.insertInto('calls').values({ direction: 'inbound', agent_id: a, caller_withheld: 1, offered_at: floor.clock.now - 60_000, queued_at: floor.clock.now - 60_000 }).execute();
    const first = await floor.ask('s-1', null);
    expect(first).toMatchObject({ kind: 'agent', agentId: String(a) });
    await floor.core.routing.report({ callId: 's-1', decisionId: first.decisionId, what: 'caller-gone' });

    const refused = await floor.core.dispatch('routing.setQueue', { queueId: null, policy: { strategy: 'fewest-calls' } }, floor.agents.get('7001')!.ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const set = await floor.core.dispatch('routing.setQueue', { queueId: null, policy: { strategy: 'fewest-calls', maxWaitSec: 90 } }, sup);
    expect(set).toMatchObject({ ok: true, value: { queueId: null, policy: { strategy: 'fewest-calls', maxWaitSec: 90, stickyTimeoutSec: 15 } } });
    floor.clock.now += 61_000; // the pool's counts are per day and cached; a new minute is enough for the directory
    expect(await floor.ask('s-2', null)).toMatchObject({ kind: 'agent', agentId: String(b) });

    const audit = await floor.core.connection.db.selectFrom('security_audit').select(['kind', 'detail']).where('kind', '=', 'supervisor.action').execute();
    expect(audit.map((r) => JSON.parse(r.detail) as { method: string }).filter((d) => d.method === 'routing.setQueue')).toHaveLength(1);
    const overview = await floor.core.dispatch('routing.overview', {}, sup);
    expect(overview.ok).toBe(true);
    expect((overview as { value: { queues: { policy: { strategy: string } }[] } }).value.queues[0]?.policy.strategy).toBe('fewest-calls');
  });

  it('every offer and every presence change counts in the next decision: round robin asks the agent offered last, last; longest idle restarts after a break', async () => {
    const a = await floor.available('7001');
    floor.clock.now += 1_000;
    const b = await floor.available('7002');
    floor.clock.now += 1_000;
    const c = await floor.available('7003');
    const sup = await supervisorContext(floor.core);
    expect((await floor.core.dispatch('routing.setQueue', { queueId: null, policy: { strategy: 'round-robin' } }, sup)).ok).toBe(true);
    const picked: string[] = [];
    for (const callId of ['r-1', 'r-2', 'r-3', 'r-4']) {
      floor.clock.now += 1_000;
      const d = await floor.ask(callId, null);
      picked.push(d.kind === 'agent' ? d.agentId : d.kind);
      await floor.core.routing.report({ callId, decisionId: d.decisionId, what: 'caller-gone' });
    }
    expect(picked).toEqual([a, b, c, a].map(String));

    expect((await floor.core.dispatch('routing.setQueue', { queueId: null, policy: { strategy: 'longest-idle' } }, sup)).ok).toBe(true);
    expect(await floor.ask('l-1', null)).toMatchObject({ kind: 'agent', agentId: String(a) });
    await floor.core.routing.report({ callId: 'l-1', decisionId: null, what: 'caller-gone' });
    // a takes a break and comes back: idle from now, so b (idle longest) is next, then c, then a.
    floor.clock.now += 1_000;
    expect((await floor.core.dispatch('agent.setState', { state: 'break', reason: 'Lunch' }, floor.agents.get('7001')!.ctx)).ok).toBe(true);
    floor.clock.now += 1_000;
    await floor.available('7001');
    const order: string[] = [];
    for (const callId of ['l-2', 'l-3', 'l-4']) {
      const d = await floor.ask(callId, null);
      order.push(d.kind === 'agent' ? d.agentId : d.kind);
    }
    expect(order).toEqual([b, c, a].map(String));
  });

  it('skills set on an agent steer the very next decision', async () => {
    const a = await floor.available('7001');
    floor.clock.now += 1_000;
    const b = await floor.available('7002');
    const sup = await supervisorContext(floor.core);
    expect((await floor.core.dispatch('routing.setQueue', { queueId: null, policy: { skills: ['billing'] } }, sup)).ok).toBe(true);
    expect((await floor.core.dispatch('agents.update', { agentId: b, skills: ['billing:5'] }, sup)).ok).toBe(true);
    expect(await floor.ask('k-1', null)).toMatchObject({ kind: 'agent', agentId: String(b) });
    expect(a).not.toBe(b);
  });

  it("a call's drill-down lists its routing decisions with their reasons", async () => {
    const a = await floor.available('7001');
    const d = await floor.ask('drill-1', null);
    const ctx = floor.agents.get('7001')!.ctx;
    const offered = await floor.core.dispatch(
      'calls.report',
      { callKey: randomUUID(), eventId: randomUUID(), at: floor.clock.now, event: { type: 'offered', direction: 'inbound', callerE164: null, withheld: true, callerDisplay: null, queue: null, waitedMs: 0, queueCallId: 'drill-1', sipCallId: 'agent-leg-1', customerId: null } },
      ctx,
    );
    expect(offered.ok).toBe(true);
    const callId = offered.ok ? (offered.value as { callId: number }).callId : 0;
    const sup = await supervisorContext(floor.core);
    const r = await floor.core.dispatch('routing.callDecisions', { callId }, sup);
    expect(r).toMatchObject({ ok: true, value: { sipCallId: 'drill-1', decisions: [{ decisionId: d.decisionId, kind: 'agent', step: 'bullseye 1/3', agents: ['Agent 7001'] }] } });
    expect(a).toBeGreaterThan(0);
  });
});
