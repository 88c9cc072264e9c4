import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/contract/schemas/agent';
import type { LookupByPhoneOutput } from '../../shared/contract/schemas/crm';
import { createApiClient } from '../../renderer/src/platform/api-client';
import { seededCore, type SeededCore } from '../support/seeded-core';
import { ipcHarness, memoryHarness, remoteIpcHarness, wsHarness, type TransportHarness } from './transports';

/** The same behaviour over every transport that can run here. */
describe.each([
  ['memory', memoryHarness],
  ['websocket', wsHarness],
  ['simulated IPC', ipcHarness],
  ['simulated IPC to a team server', remoteIpcHarness],
])('contract over %s', (_name, makeHarness) => {
  let fx: SeededCore;
  let harness: TransportHarness;

  beforeAll(async () => {
    fx = await seededCore(200);
    harness = await makeHarness(fx.core);
  });
  afterAll(async () => {
    await harness.close();
    await fx.cleanup();
  });

  it('answers system.ping', async () => {
    const api = createApiClient(await harness.connect());
    const r = await api.call('system.ping', {});
    expect(r).toMatchObject({ ok: true, value: { version: expect.any(String) } });
  });

  it('answers an unknown method with a typed UNKNOWN_METHOD error', async () => {
    const t = await harness.connect();
    const r = await t.request('crm.deleteEverything', {});
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'unknown method "crm.deleteEverything"' } });
  });

  it('answers bad input with INVALID_INPUT and keeps serving', async () => {
    const t = await harness.connect();
    const bad = await t.request('agent.signIn', { name: 42 });
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_INPUT');
    expect((await t.request('system.ping', {})).ok).toBe(true);
  });

  it('requires sign-in per session, and a session does not leak to another client', async () => {
    const a = createApiClient(await harness.connect());
    const b = createApiClient(await harness.connect());
    const before = await a.call('crm.lookupByPhone', { phone: '+442079460958' });
    expect(before.ok ? null : before.error.code).toBe('UNAUTHENTICATED');
    expect((await a.call('agent.signIn', { name: 'Ana', extension: '3001' })).ok).toBe(true);
    const after = await a.call('crm.lookupByPhone', { phone: '+44 (0)20 7946 0958' });
    expect(after.ok).toBe(true);
    expect((after.ok ? (after.value as LookupByPhoneOutput) : null)?.customers[0]?.displayName).toBe('Olivia Bennett');
    const other = await b.call('crm.lookupByPhone', { phone: '+442079460958' });
    expect(other.ok ? null : other.error.code).toBe('UNAUTHENTICATED');
  });

  it("pushes an agent's events to that agent's connections only, with increasing sequence numbers", async () => {
    const actor = createApiClient(await harness.connect());
    const secondWindow = createApiClient(await harness.connect());
    const otherAgent = createApiClient(await harness.connect());
    await otherAgent.call('agent.signIn', { name: 'Di', extension: '3012' });
    const signedIn = await actor.call('agent.signIn', { name: 'Bo', extension: '3002' });
    // A second window of the same desk joins its session with the token (a second sign-in would be a take-over).
    expect((await secondWindow.call('agent.resume', { token: signedIn.ok ? signedIn.value.session.token : '' })).ok).toBe(true);
    const seen: { status: AgentStatus; seq: number }[] = [];
    const leaked: AgentStatus[] = [];
    const off = secondWindow.on('agent.stateChanged', (status, seq) => seen.push({ status, seq }));
    const offOther = otherAgent.on('agent.stateChanged', (status) => leaked.push(status));
    await actor.call('agent.setState', { state: 'available' });
    await actor.call('agent.setState', { state: 'break', reason: 'Coffee' });
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(2);
    off();
    offOther();
    expect(seen.slice(-2).map((s) => s.status.state)).toEqual(['available', 'break']);
    const seqs = seen.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(leaked).toEqual([]);
  });

  it('carries a full customer record across the boundary unchanged', async () => {
    const api = createApiClient(await harness.connect());
    await api.call('agent.signIn', { name: 'Cy', extension: '3003' });
    const direct = fx.core.dispatch('crm.getCustomer', { customerId: 1 }, { session: { agent: { id: 1, name: 'x', extension: 'x', role: 'agent' }, sessionId: null, wallboard: null, pbx: null, boardSubscribed: false } });
    expect(await api.call('crm.getCustomer', { customerId: 1 })).toEqual(await direct);
  });
});
