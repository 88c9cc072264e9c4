import { expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { MethodOutput } from '../../shared/contract/methods';
import { FIXTURE_ANCHOR, signedInContext, supervisorContext } from '../support/seeded-core';
import { describeOnPostgres, testStores } from '../support/test-stores';

const stores = testStores();

/** Two instances on one PostgreSQL database, sharing a clock the test moves. */
async function twoInstances(): Promise<{ a: Core; b: Core; clock: { now: number } }> {
  const clock = { now: FIXTURE_ANCHOR };
  const a = await stores.seededCore('postgres', { customers: 40 }, { now: () => clock.now });
  const b = await stores.coreOnSameData('postgres', { now: () => clock.now });
  return { a, b, clock };
}

describeOnPostgres('caches another instance made stale', () => {
  it("shows an SLA target set on one instance in the other's targets once it has caught up with the log", async () => {
    const { a, b } = await twoInstances();
    const targetsOn = async (core: Core) => {
      const r = await core.dispatch('sla.targets', {}, await supervisorContext(core));
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as MethodOutput<'sla.targets'>).targets.find((t) => t.metric === 'aht_s' && t.scope === 'default')?.target;
    };
    const before = await targetsOn(b); // b now holds the targets in memory
    expect(before).not.toBe(287);
    expect(await a.dispatch('sla.setTarget', { metric: 'aht_s', scope: 'default', scopeId: null, target: 287 }, await supervisorContext(a))).toMatchObject({ ok: true });
    await b.settled();
    expect(await targetsOn(b)).toBe(287);
  });

  it("routes by a skill and a queue policy set on another instance, on the very next decision after catching up", async () => {
    const { a, b, clock } = await twoInstances();
    const available = async (extension: string) => {
      const ctx = await signedInContext(b, extension);
      const r = await b.dispatch('agent.setState', { state: 'available' }, ctx);
      if (!r.ok) throw new Error(r.error.message);
      return ctx.session.agent?.id ?? 0;
    };
    const first = await available('7001');
    clock.now += 1_000;
    const second = await available('7002');
    await b.settled();
    const ask = (callId: string) => b.routing.ask({ callId, caller: { number: null, displayName: null }, queue: null });
    // Longest idle first: b's pool and policies are now loaded and cached.
    const before = await ask('cache-1');
    expect(before).toMatchObject({ kind: 'agent', agentId: String(first) });
    await b.routing.report({ callId: 'cache-1', decisionId: before.decisionId, what: 'caller-gone' });

    const boss = await supervisorContext(a);
    expect((await a.dispatch('routing.setQueue', { queueId: null, policy: { skills: ['billing'] } }, boss)).ok).toBe(true);
    expect((await a.dispatch('agents.update', { agentId: second, skills: ['billing:5'] }, boss)).ok).toBe(true);
    await b.settled();
    expect(await ask('cache-2')).toMatchObject({ kind: 'agent', agentId: String(second) });
  });
});
