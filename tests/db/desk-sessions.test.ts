import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract/events';
import type { AgentStatus } from '../../shared/contract/schemas/agent';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { inbound, report } from '../support/call-reports';
import type { BoardSnapshot } from '../../shared/contract/schemas/board';
import type { MetricsReport } from '../../shared/contract/schemas/metrics';
import { seededCore, supervisorContext, type SeededCore } from '../support/seeded-core';
import { queryRow } from '../support/test-stores';
import { ok } from '../support/dispatch-ok';

let fx: SeededCore;
// Short clocks so the real timers run in the test: Disconnected after 1 s, Offline 1 s later.
beforeAll(async () => {
  fx = await seededCore(50, Date.now, { settings: { sessions: { disconnectGraceS: 1, offlineAfterDisconnectS: 1, idleExpiryMinutes: 60 } } });
});
afterAll(() => fx.cleanup());

type Signed = { agent: { id: number; name: string }; status: AgentStatus; session: { token: string }; demo: boolean };

/** A connection as a host makes one: its own context, subscribed to what the core lets it receive. */
function connection() {
  const ctx = newCallContext('192.0.2.10');
  const events: { event: EventName; payload: unknown }[] = [];
  const off = fx.core.subscribe(ctx, (event, payload) => events.push({ event, payload }));
  return {
    ctx,
    events,
    call: (method: string, params: unknown) => fx.core.dispatch(method, params, ctx),
    close() {
      off();
      fx.core.connectionClosed(ctx);
    },
  };
}

const stateOf = async (ctx: CallContext) => (await ok<{ wrapUps: unknown[] }>(fx.core.dispatch('wrapUp.pending', {}, ctx))).wrapUps.length;
const boardState = async (agentId: number) =>
  (await queryRow<{ state: string }>(fx.core.store, 'SELECT state FROM agent_state_changes WHERE agent_id = ? ORDER BY id DESC LIMIT 1', agentId))?.state;

/** An agent signed in on a new connection, available, then on an answered inbound call. */
async function onAnsweredCall(extension: string, key: string, caller: string) {
  const desk = connection();
  const signed = await ok<Signed>(desk.call('agent.signIn', { extension }));
  await ok(desk.call('agent.setState', { state: 'available' }));
  const { callId } = await report(fx.core, desk.ctx, key, inbound(caller), Date.now());
  await report(fx.core, desk.ctx, key, { type: 'answered' }, Date.now());
  return { desk, signed, callId };
}

describe('sessions that survive a reload', () => {
  it('resumes the same session from the token on a new connection, mid-call, without the password', async () => {
    const first = connection();
    const signed = await ok<Signed>(first.call('agent.signIn', { extension: '4101', name: 'Rae Reload' }));
    expect(signed.demo).toBe(true);
    await ok(first.call('agent.setState', { state: 'available' }));
    first.close();
    const second = connection();
    const resumed = await ok<Signed>(second.call('agent.resume', { token: signed.session.token }));
    expect(resumed.agent).toEqual(signed.agent);
    expect(resumed.status.state).toBe('available');
    second.close();
  });

  it('after a reload mid-call: the dropped leg ends as agent-disconnected and the agent is in wrap-up for it', async () => {
    const { desk: page, signed, callId } = await onAnsweredCall('4102', 'reload-1', '+442079460958');
    expect(await boardState(signed.agent.id)).toBe('on-call');
    page.close();
    const reloaded = connection();
    // A page that loaded anew has no calls: it says so.
    const resumed = await ok<Signed>(reloaded.call('agent.resume', { token: signed.session.token, liveCallKeys: [] }));
    expect(resumed.status.state).toBe('wrap-up');
    const row = await queryRow<{ end_reason: string }>(fx.core.store, 'SELECT end_reason FROM calls WHERE id = ?', callId);
    expect(row?.end_reason).toBe('agent-disconnected');
    expect(await stateOf(reloaded.ctx)).toBe(1);
    // Presence buttons work again once the wrap-up is done.
    expect((await reloaded.call('agent.setState', { state: 'available' })).ok).toBe(true);
    reloaded.close();
  });

  it('refuses a token after sign-out, and sign out everywhere ends every session on its live connection', async () => {
    const a = connection();
    const signed = await ok<Signed>(a.call('agent.signIn', { extension: '4103' }));
    const b = connection();
    await ok(b.call('agent.resume', { token: signed.session.token }));
    await ok(a.call('agent.signOutEverywhere', {}));
    expect(b.events.some((e) => e.event === 'session.ended')).toBe(true);
    expect((await b.call('agent.setState', { state: 'available' })).ok).toBe(false);
    const again = await a.call('agent.resume', { token: signed.session.token });
    expect(again.ok ? null : again.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('presence follows the connection', () => {
  it('shows Disconnected past the grace period (out of routing, calls ended), then Offline', async () => {
    const { desk, signed, callId } = await onAnsweredCall('4104', 'lost-1', '+442079460958');
    desk.close();
    expect(await boardState(signed.agent.id)).toBe('on-call'); // within the grace: nothing yet
    await expect.poll(() => boardState(signed.agent.id), { timeout: 4000 }).toBe('disconnected');
    const leg = await queryRow(fx.core.store, 'SELECT end_reason FROM calls WHERE id = ?', callId);
    expect(leg?.end_reason).toBe('agent-disconnected');
    await expect.poll(() => boardState(signed.agent.id), { timeout: 4000 }).toBe('offline');
  });

  it('resumes unnoticed within the grace period', async () => {
    const desk = connection();
    const signed = await ok<Signed>(desk.call('agent.signIn', { extension: '4105' }));
    await ok(desk.call('agent.setState', { state: 'available' }));
    desk.close();
    const back = connection();
    await ok(back.call('agent.resume', { token: signed.session.token }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await boardState(signed.agent.id)).toBe('available');
    back.close();
  });

  it("ends a closed desk's call when its connection was lost, not past the grace: talk stops there, and a desk that never comes back counts no after-call work (row, metrics and board agree)", async () => {
    const { desk, signed, callId } = await onAnsweredCall('4107', 'dead-1', '+442079460959');
    await new Promise((r) => setTimeout(r, 300));
    const lostAt = Date.now();
    desk.close();
    await expect.poll(() => boardState(signed.agent.id), { timeout: 6000 }).toBe('offline');
    const leg = await queryRow<{ answered_at: number; ended_at: number; wrap_up_ended_at: number }>(
      fx.core.store,
      'SELECT answered_at, ended_at, wrap_up_ended_at FROM calls WHERE id = ?',
      callId,
    );
    // The grace is 1 s and Offline 1 s later: the old code ended the call ≥ 1 s and its wrap-up ≥ 2 s after the loss.
    expect(leg?.ended_at).toBeGreaterThanOrEqual(lostAt);
    expect(leg?.ended_at).toBeLessThan(lostAt + 250);
    expect(leg?.wrap_up_ended_at).toBe(leg?.ended_at);
    const disconnectedAt = await queryRow<{ at: number }>(fx.core.store, "SELECT at FROM agent_state_changes WHERE agent_id = ? AND state = 'disconnected'", signed.agent.id);
    expect(disconnectedAt?.at).toBe(leg?.ended_at);
    const handleS = ((leg?.ended_at ?? 0) - (leg?.answered_at ?? 0)) / 1000;
    const boss = await supervisorContext(fx.core, '4990');
    const metrics = await ok<MetricsReport>(fx.core.dispatch('metrics.query', { scope: { kind: 'agent', agentId: signed.agent.id } }, boss));
    const value = (name: string) => metrics.metrics.find((m) => m.metric === name)?.value;
    expect(value('aht_s')).toBeCloseTo(handleS, 3);
    expect(value('talk_s')).toBeCloseTo(handleS, 3);
    await fx.core.settled();
    const board = await ok<BoardSnapshot>(fx.core.dispatch('board.subscribe', {}, boss));
    expect(board.state.agents.find((a) => a.extension === '4107')?.aht.value).toBeCloseTo(handleS, 3);
  });

  it('comes back from Disconnected to wrap-up for the dropped call', async () => {
    const { desk, signed } = await onAnsweredCall('4106', 'lost-2', '+442079460958');
    desk.close();
    await expect.poll(() => boardState(signed.agent.id), { timeout: 4000 }).toBe('disconnected');
    const back = connection();
    const resumed = await ok<Signed>(back.call('agent.resume', { token: signed.session.token, liveCallKeys: [] }));
    expect(resumed.status.state).toBe('wrap-up');
    back.close();
  });
});

describe('one desk per extension', () => {
  it('offers a take-over to a second sign-in; taking over tells the first desk why and ends its session', async () => {
    const first = connection();
    await ok(first.call('agent.signIn', { extension: '4107' }));
    const second = connection();
    const refused = await second.call('agent.signIn', { extension: '4107' });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'CONFLICT', details: { takeOver: true } });
    await ok(second.call('agent.signIn', { extension: '4107', takeOver: true }));
    const ended = first.events.find((e) => e.event === 'session.ended');
    expect(ended?.payload).toMatchObject({ reason: 'taken-over' });
    expect((await first.call('agent.setState', { state: 'available' })).ok).toBe(false);
    expect((await second.call('agent.setState', { state: 'available' })).ok).toBe(true);
    second.close();
  });
});
