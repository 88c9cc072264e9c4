import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { seededCore, signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';

let fx: SeededCore;
const ask = { callId: 'call-1@pbx', caller: { number: '+442079460958', displayName: 'Olivia' }, queue: 'Billing' };
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'OK' : r.error?.code);
const audits = async (kind: string) => (await fx.core.audit.list({ kind, limit: 100 })).map((e) => ({ principal: e.principal, detail: e.detail }));

describe('the PBX machine principal', () => {
  beforeAll(async () => {
    fx = await seededCore(50);
  });
  afterAll(() => fx.cleanup());

  it('refuses routing to a connection without the PBX credential, clearly, and audits it', async () => {
    const nobody = newCallContext('10.0.0.9');
    const r = await fx.core.dispatch('routing.ask', ask, nobody);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'routing.ask needs the PBX credential (pbx.signIn)' } });
    expect(await audits('pbx.refused')).toContainEqual({ principal: null, detail: { method: 'routing.ask', code: 'UNAUTHENTICATED' } });
  });

  it('never lets an agent or a supervisor act as the PBX', async () => {
    const agent = await signedInContext(fx.core, '2001');
    const supervisor = await supervisorContext(fx.core);
    expect(code(await fx.core.dispatch('routing.ask', ask, agent))).toBe('FORBIDDEN');
    expect(code(await fx.core.dispatch('routing.report', { callId: 'c', decisionId: null, what: 'answered' }, supervisor))).toBe('FORBIDDEN');
    expect(await audits('pbx.refused')).toContainEqual({ principal: 'agent:2001', detail: { method: 'routing.ask', code: 'FORBIDDEN' } });
  });

  it('refuses a wrong credential and audits the failure without the secret', async () => {
    const ctx = newCallContext('10.0.0.9');
    const r = await fx.core.dispatch('pbx.signIn', { token: 'not-the-pbx-credential-at-all' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'unknown or revoked PBX credential' } });
    expect(code(await fx.core.dispatch('pbx.signIn', { token: 'short' }, ctx))).toBe('INVALID_INPUT');
    expect(code(await fx.core.dispatch('routing.ask', ask, ctx))).toBe('UNAUTHENTICATED');
    const failed = await audits('pbx.signInFailed');
    expect(failed).toContainEqual({ principal: null, detail: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(failed)).not.toContain('not-the-pbx-credential');
  });

  it('lets a supervisor issue a credential the PBX signs in with; the PBX may route and do nothing else; revoking signs it out', async () => {
    const supervisor = await supervisorContext(fx.core);
    expect(code(await fx.core.dispatch('pbx.createCredential', { label: 'Kamailio' }, await signedInContext(fx.core, '2002')))).toBe('FORBIDDEN');
    const created = await fx.core.dispatch('pbx.createCredential', { label: 'Kamailio' }, supervisor);
    if (!created.ok) throw new Error(created.error.message);
    const { token } = created.value as { token: string };
    const pbx = newCallContext('127.0.0.1');
    expect(await fx.core.dispatch('pbx.signIn', { token }, pbx)).toEqual({ ok: true, value: { label: 'Kamailio' } });
    const decision = await fx.core.dispatch('routing.ask', ask, pbx);
    expect(decision.ok).toBe(true);
    expect(code(await fx.core.dispatch('routing.report', { callId: ask.callId, decisionId: null, what: 'caller-gone' }, pbx))).toBe('OK');
    // The machine principal is not an agent: agent and supervisor methods stay closed to it.
    expect(code(await fx.core.dispatch('crm.lookupByPhone', { phone: '+442079460958' }, pbx))).toBe('UNAUTHENTICATED');
    expect(code(await fx.core.dispatch('board.subscribe', {}, pbx))).toBe('UNAUTHENTICATED');
    const [listed] = ((await fx.core.dispatch('pbx.listCredentials', {}, supervisor)) as { value: { credentials: { id: number; lastUsedAt: number | null; label: string }[] } }).value.credentials;
    expect(listed).toMatchObject({ label: 'Kamailio' });
    expect(listed?.lastUsedAt).not.toBeNull();
    expect(await audits('pbx.signIn')).toContainEqual({ principal: `pbx:${listed?.id}`, detail: {} });

    expect(code(await fx.core.dispatch('pbx.revokeCredential', { credentialId: listed?.id }, supervisor))).toBe('OK');
    expect(code(await fx.core.dispatch('routing.ask', ask, pbx))).toBe('UNAUTHENTICATED');
    expect(code(await fx.core.dispatch('pbx.signIn', { token }, newCallContext()))).toBe('UNAUTHENTICATED');
  });
});
