import { expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import type { MethodOutput } from '../../shared/contract/methods';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import type { EventName } from '../../shared/contract/events';
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

/** A connection to `core` as a host makes one, recording what it is sent. */
function connection(core: Core): { ctx: CallContext; events: { event: EventName; payload: unknown }[] } {
  const ctx = newCallContext('192.0.2.20');
  const events: { event: EventName; payload: unknown }[] = [];
  core.subscribe(ctx, (event, payload) => events.push({ event, payload }));
  return { ctx, events };
}

describeOnPostgres('sessions and wallboard links ended on another instance', () => {
  it("tells a desk connected to one instance at once when a supervisor on another deactivates the agent, and the desk can do nothing more", async () => {
    const { a, b } = await twoInstances();
    const desk = connection(b);
    const signed = await b.dispatch('agent.signIn', { extension: '7101', name: 'Agent 7101', takeOver: true }, desk.ctx);
    expect(signed.ok).toBe(true);
    const agentId = desk.ctx.session.agent?.id ?? 0;
    expect((await a.dispatch('agents.update', { agentId, active: false }, await supervisorContext(a))).ok).toBe(true);
    await b.settled();
    expect(desk.events.find((e) => e.event === 'session.ended')?.payload).toMatchObject({ reason: 'deactivated' });
    expect(await b.dispatch('agent.setState', { state: 'available' }, desk.ctx)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps an agent who lost their connection to one instance and resumed on another within the grace period connected (no Disconnected from the first)', async () => {
    const sessions = { disconnectGraceS: 1, offlineAfterDisconnectS: 1, idleExpiryMinutes: 60 };
    const a = await stores.seededCore('postgres', { customers: 40 }, { settings: { sessions } });
    const b = await stores.coreOnSameData('postgres', { settings: { sessions } });
    const first = connection(a);
    const signed = await a.dispatch('agent.signIn', { extension: '7102', name: 'Agent 7102', takeOver: true }, first.ctx);
    if (!signed.ok) throw new Error(signed.error.message);
    expect((await a.dispatch('agent.setState', { state: 'available' }, first.ctx)).ok).toBe(true);
    const agentId = first.ctx.session.agent?.id ?? 0;
    a.connectionClosed(first.ctx); // the network between the desk and instance a fails: a's grace clock starts
    const second = connection(b);
    expect((await b.dispatch('agent.resume', { token: (signed.value as { session: { token: string } }).session.token }, second.ctx)).ok).toBe(true);
    await a.settled();
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past a's grace and its offline clock
    await Promise.all([a.settled(), b.settled()]);
    const states = await a.connection.db.selectFrom('agent_state_changes').select('state').where('agent_id', '=', agentId).orderBy('id').execute();
    expect(states.map((r) => r.state)).not.toContain('disconnected');
    expect(states.at(-1)?.state).toBe('available');
  });

  it('stops a wallboard connected to one instance when its link is revoked on another', async () => {
    const { a, b } = await twoInstances();
    const boss = await supervisorContext(a);
    const created = await a.dispatch('wallboard.createToken', { label: 'Floor TV' }, boss);
    if (!created.ok) throw new Error(created.error.message);
    const tv = connection(b);
    expect((await b.dispatch('wallboard.signIn', { token: (created.value as { token: string }).token }, tv.ctx)).ok).toBe(true);
    expect((await b.dispatch('board.subscribe', {}, tv.ctx)).ok).toBe(true);
    const tokenId = ((await a.dispatch('wallboard.listTokens', {}, boss)) as { value: { tokens: { id: number }[] } }).value.tokens[0]?.id ?? 0;
    expect((await a.dispatch('wallboard.revokeToken', { tokenId }, boss)).ok).toBe(true);
    await b.settled();
    expect(tv.events.find((e) => e.event === 'session.ended')?.payload).toMatchObject({ reason: 'revoked' });
    expect(tv.ctx.session.wallboard).toBeNull();
    expect((await b.dispatch('board.subscribe', {}, tv.ctx)).ok).toBe(false);
  });
});
