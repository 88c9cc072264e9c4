import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contract/schemas/audit';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { safeDetail } from '../../electron/core/audit/audit-log';
import { seededCore, signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';

let fx: SeededCore;
beforeAll(async () => {
  fx = await seededCore(50);
});
afterAll(() => fx.cleanup());

async function entries(kind?: string): Promise<AuditEntry[]> {
  const sup = await supervisorContext(fx.core);
  const r = await fx.core.dispatch('audit.list', kind === undefined ? {} : { kind }, sup);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { entries: AuditEntry[] }).entries;
}

describe('security audit log', () => {
  it('stores an event with who, where and a detail, and supervisors read it newest first', async () => {
    await fx.core.audit.record({ kind: 'test.first', principal: 'agent:1001', address: '203.0.113.9', detail: { attempts: 3 } });
    await fx.core.audit.record({ kind: 'test.second', principal: null, address: null });
    const list = await entries('test.');
    expect(list.map((e) => e.kind)).toEqual(['test.second', 'test.first']);
    expect(list[1]).toMatchObject({ principal: 'agent:1001', address: '203.0.113.9', detail: { attempts: 3 } });
  });

  it('never stores a secret passed in the detail, and cleans control and bidi characters', async () => {
    await fx.core.audit.record({
      kind: 'test.secret',
      principal: 'agent:\u202Eevil\u0000',
      address: null,
      detail: { password: 'hunter2', token: 'abc', sessionKey: 'k', reason: 'bad\u0007 one' },
    });
    const [entry] = await entries('test.secret');
    expect(entry?.principal).toBe('agent:evil');
    expect(entry?.detail).toEqual({ password: '[redacted]', token: '[redacted]', sessionKey: '[redacted]', reason: 'bad one' });
    expect(JSON.stringify(safeDetail({ passwordHash: 'x'.repeat(10) }))).not.toContain('xxxx');
  });

  it('is closed to agents and anonymous connections', async () => {
    const agent = await signedInContext(fx.core, '7001');
    expect(await fx.core.dispatch('audit.list', {}, agent)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await fx.core.dispatch('audit.list', {}, newCallContext())).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('records supervisor actions with their inputs and failed wallboard sign-ins with the address', async () => {
    const sup = await supervisorContext(fx.core);
    expect((await fx.core.dispatch('wallboard.createToken', { label: 'Floor TV' }, sup)).ok).toBe(true);
    const tv = newCallContext('198.51.100.7');
    expect((await fx.core.dispatch('wallboard.signIn', { token: 'x'.repeat(43) }, tv)).ok).toBe(false);
    const [failed] = await entries('wallboard.signInFailed');
    expect(failed).toMatchObject({ principal: null, address: '198.51.100.7', detail: { code: 'UNAUTHENTICATED' } });
    const [action] = await entries('supervisor.action');
    expect(action).toMatchObject({ principal: 'supervisor:9900', detail: { method: 'wallboard.createToken', label: 'Floor TV' } });
    expect(JSON.stringify(await entries())).not.toContain('x'.repeat(43));
  });

  it('pages back with before and limit', async () => {
    const sup = await supervisorContext(fx.core);
    for (let i = 0; i < 5; i += 1) await fx.core.audit.record({ kind: 'test.page', principal: null, address: null, detail: { i } });
    const first = await fx.core.dispatch('audit.list', { kind: 'test.page', limit: 2 }, sup);
    const page1 = (first as { value: { entries: AuditEntry[] } }).value.entries;
    expect(page1.map((e) => e.detail.i)).toEqual([4, 3]);
    const next = await fx.core.dispatch('audit.list', { kind: 'test.page', limit: 2, before: page1[1]?.id }, sup);
    expect((next as { value: { entries: AuditEntry[] } }).value.entries.map((e) => e.detail.i)).toEqual([2, 1]);
  });
});
