import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/contract/schemas/agent';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { seededCore, type SeededCore } from '../support/seeded-core';
import { queryRows } from '../support/test-stores';

let fx: SeededCore;
beforeAll(async () => {
  fx = await seededCore(50);
});
afterAll(() => fx.cleanup());

describe('agent presence', () => {
  it('signs in not-ready, records every change with its time and publishes it', async () => {
    const published: AgentStatus[] = [];
    const off = fx.core.hub.subscribe((event, payload) => {
      if (event === 'agent.stateChanged') published.push(payload as AgentStatus);
    });
    const ctx = newCallContext();
    const signIn = await fx.core.dispatch('agent.signIn', { name: 'Ana', extension: '2001' }, ctx);
    expect(signIn.ok).toBe(true);
    expect(await fx.core.dispatch('agent.setState', { state: 'available' }, ctx)).toMatchObject({ ok: true, value: { state: 'available' } });
    expect(await fx.core.dispatch('agent.setState', { state: 'break', reason: 'Lunch' }, ctx)).toMatchObject({
      ok: true,
      value: { state: 'break', reason: 'Lunch' },
    });
    // Events reach clients once the presence projection has applied the log.
    await fx.core.projections.settled();
    off();
    expect(published.map((p) => p.state)).toEqual(['break', 'available', 'break']);
    expect(published[0]?.reason).toBe('Not ready');

    const rows = await queryRows(fx.core.store, 'SELECT state, reason FROM agent_state_changes WHERE agent_id = ? ORDER BY id', published[0]?.agentId);
    expect(rows).toEqual([
      { state: 'break', reason: 'Not ready' },
      { state: 'available', reason: null },
      { state: 'break', reason: 'Lunch' },
    ]);
  });

  it('refuses a break with an unknown reason as INVALID_INPUT and keeps the state', async () => {
    const ctx = newCallContext();
    await fx.core.dispatch('agent.signIn', { name: 'Bo', extension: '2002' }, ctx);
    const r = await fx.core.dispatch('agent.setState', { state: 'break', reason: 'Nap' }, ctx);
    expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
  });

  it('keeps one agent per extension, and the name is the directory\'s, not whoever signs in', async () => {
    const first = newCallContext();
    const a = await fx.core.dispatch('agent.signIn', { name: 'Cy', extension: '2003' }, first);
    await fx.core.dispatch('agent.signOut', {}, first);
    const b = await fx.core.dispatch('agent.signIn', { name: 'Mallory', extension: '2003' }, newCallContext());
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    const idA = (a.value as { agent: { id: number } }).agent.id;
    expect(b.value).toMatchObject({ agent: { id: idA, name: 'Cy' }, demo: true });
  });

  it('signs out to offline and ends the session', async () => {
    const ctx = newCallContext();
    await fx.core.dispatch('agent.signIn', { name: 'Di', extension: '2004' }, ctx);
    expect(await fx.core.dispatch('agent.signOut', {}, ctx)).toMatchObject({ ok: true, value: { state: 'offline' } });
    const after = await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
    expect(after.ok ? null : after.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('demo line', () => {
  it('rings the requesting agent with a demo caller on request', async () => {
    const offers: unknown[] = [];
    const off = fx.core.hub.subscribe((event, payload) => {
      if (event === 'demoLine.callOffered') offers.push(payload);
    });
    const ctx = newCallContext();
    const signIn = await fx.core.dispatch('agent.signIn', { name: 'Eve', extension: '2005' }, ctx);
    const agentId = signIn.ok ? (signIn.value as { agent: { id: number } }).agent.id : -1;
    const r = await fx.core.dispatch('demoLine.callNow', {}, ctx);
    off();
    expect(r).toMatchObject({ ok: true, value: { agentId, queue: expect.any(String) } });
    expect(offers).toEqual([r.ok ? r.value : null]);
  });
});
