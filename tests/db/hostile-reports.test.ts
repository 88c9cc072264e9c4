import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { inertCell } from '../../electron/core/reports/csv-export';
import type { AuditEntry } from '../../shared/contract/schemas/audit';
import { inbound, report } from '../support/call-reports';
import { seededCore, signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';
import { queryRow } from '../support/test-stores';

const clock = Date.UTC(2026, 10, 3, 10, 0, 0);
let fx: SeededCore;
let alice: CallContext;
let bob: CallContext;
let boss: CallContext;

beforeAll(async () => {
  fx = await seededCore(50, () => clock);
  alice = await signedInContext(fx.core, '5001');
  bob = await signedInContext(fx.core, '5002');
  boss = await supervisorContext(fx.core, '5900');
});
afterAll(() => fx.cleanup());

const call = (ctx: CallContext, params: Record<string, unknown>) =>
  fx.core.dispatch('calls.report', { eventId: randomUUID(), at: clock, ...params }, ctx);
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);
const row = async (id: number) => (await queryRow(fx.core.store, 'SELECT * FROM calls WHERE id = ?', id)) ?? {};
async function audit(kind: string): Promise<AuditEntry[]> {
  const r = await fx.core.dispatch('audit.list', { kind }, boss);
  return r.ok ? (r.value as { entries: AuditEntry[] }).entries : [];
}

describe("an agent's call reports, checked by the server", () => {
  it("refuses a leg linked to a colleague's call that was never transferred, as if it did not exist", async () => {
    const theirs = await report(fx.core, bob, 'bob-1', inbound('+442079460958'), clock);
    const r = await call(alice, { callKey: 'alice-1', transferredFromCallId: theirs.callId, event: inbound('+442079460958') });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const missing = await call(alice, { callKey: 'alice-1', transferredFromCallId: 999_999, event: inbound('+442079460958') });
    expect(missing.ok ? '' : missing.error.message.replace('999999', 'N')).toBe(r.ok ? 'x' : r.error.message.replace(String(theirs.callId), 'N'));
  });

  it("accepts a leg linked to a colleague's call they handed over, and to the agent's own call", async () => {
    const handed = await report(fx.core, bob, 'bob-2', inbound('+442079460959'), clock);
    await report(fx.core, bob, 'bob-2', { type: 'answered' }, clock);
    await report(fx.core, bob, 'bob-2', { type: 'ended', reason: 'transferred' }, clock);
    expect(codeOf(await call(alice, { callKey: 'alice-2', transferredFromCallId: handed.callId, event: inbound('+442079460959') }))).toBe('ok');
    const own = await report(fx.core, alice, 'alice-3', inbound('+442079460960'), clock);
    expect(codeOf(await call(alice, { callKey: 'alice-4', transferredFromCallId: own.callId, event: inbound('+442079460960') }))).toBe('ok');
  });

  it("scopes event ids to the agent: replaying a colleague's event id reveals nothing and changes nothing", async () => {
    const eventId = randomUUID();
    const theirs = await report(fx.core, bob, 'bob-3', inbound('+442079460961'), clock, { eventId });
    const r = await fx.core.dispatch('calls.report', { callKey: 'alice-5', eventId, at: clock, event: inbound('+442079460961') }, alice);
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(r)).not.toContain(String(theirs.callId));
    const again = await fx.core.dispatch('calls.report', { callKey: 'bob-3', eventId, at: clock, event: inbound('+442079460961') }, bob);
    expect(again).toMatchObject({ ok: true, value: { callId: theirs.callId, applied: false } });
  });

  it.each([['letters', '+44abc'], ['a formula', '=1+2'], ['no plus', '442079460958'], ['too long', '+4420794609581234'], ['a SIP URI', 'sip:evil@x']])(
    'refuses a caller number that is not E.164 (%s)',
    async (_what, number) => {
      expect(codeOf(await call(alice, { callKey: `bad-${number}`, event: inbound(number) }))).toBe('INVALID_INPUT');
    },
  );

  it('does not create a queue from a name in a call, reports it once, and keeps the call', async () => {
    const queueCount = async () => Number((await queryRow<{ n: number | string }>(fx.core.store, 'SELECT count(*) AS n FROM queues'))?.n);
    const before = await queueCount();
    const a = await report(fx.core, alice, 'q-1', inbound('+442079460962', { queue: 'Totally Real Queue' }), clock);
    await report(fx.core, alice, 'q-2', inbound('+442079460963', { queue: 'Totally Real Queue' }), clock);
    expect(await row(a.callId)).toMatchObject({ queue_id: null, caller_e164: '+442079460962' });
    expect(await queueCount()).toBe(before);
    expect((await audit('call.unknownQueue')).filter((e) => e.detail.queue === 'Totally Real Queue')).toHaveLength(1);
  });

  it('lets supervisors, not agents, create queues; a call then lands in it', async () => {
    expect(codeOf(await fx.core.dispatch('queues.create', { name: 'Escalations' }, alice))).toBe('FORBIDDEN');
    const made = await fx.core.dispatch('queues.create', { name: ' Escalations\u202E ' }, boss);
    expect(made).toMatchObject({ ok: true, value: { name: 'Escalations', created: true } });
    const c = await report(fx.core, alice, 'q-3', inbound('+442079460964', { queue: 'Escalations' }), clock);
    expect((await row(c.callId)).queue_id).toBe((made as { value: { queueId: number } }).value.queueId);
  });

  it('stores a queue wait beyond an hour as unknown (a forged header cannot push ASA to 85 minutes)', async () => {
    const forged = await report(fx.core, alice, 'w-1', inbound('+442079460965', { queue: 'Sales', waitedMs: 85 * 60_000 }), clock);
    expect(await row(forged.callId)).toMatchObject({ queued_at: clock, offered_at: clock });
    const real = await report(fx.core, alice, 'w-2', inbound('+442079460966', { queue: 'Sales', waitedMs: 90_000 }), clock);
    expect(await row(real.callId)).toMatchObject({ queued_at: clock - 90_000 });
  });

  it('cleans NUL, control and bidi characters from caller names, queue names and agent names', async () => {
    const c = await report(fx.core, alice, 'n-1', inbound('+442079460967', { callerDisplay: 'Eve\u0000\u202Elivee\u2066 \u0007Smith', queue: 'Sa\u200Fles' }), clock);
    expect(await row(c.callId)).toMatchObject({ caller_display: 'Evelivee Smith', queue_id: 1 });
    const signIn = await fx.core.dispatch('agent.signIn', { name: 'Mal\u202Eory\u0000', extension: '5077' }, { session: { agent: null, sessionId: null, wallboard: null, pbx: null, boardSubscribed: false } });
    expect(signIn).toMatchObject({ ok: true, value: { agent: { name: 'Malory' } } });
    expect(codeOf(await fx.core.dispatch('agent.signIn', { name: '\u202E\u0000\u2066', extension: '5078' }, { session: { agent: null, sessionId: null, wallboard: null, pbx: null, boardSubscribed: false } }))).toBe('INVALID_INPUT');
  });
});

describe('exports and metrics, bounded and inert', () => {
  it('neutralises every text cell a spreadsheet would run, including notes and queue names', async () => {
    for (const hostile of ['=cmd|"/c calc"!A1', '+SUM(1)', '-2+3', '@SUM(A1)', '\t=1', '  =1', '\uFF1D1']) expect(inertCell(hostile)).toBe(`'${hostile}`);
    expect(inertCell('+442079460958')).toBe('+442079460958');
    expect(inertCell('Olivia Bennett')).toBe('Olivia Bennett');
    await report(fx.core, alice, 'csv-1', inbound('+442079460968', { callerDisplay: '@SUM(1+1)*cmd|" /C calc"!A0' }), clock);
    const r = await fx.core.dispatch('reports.exportCalls', { range: { from: clock - 3_600_000, to: clock + 3_600_000 } }, alice);
    const table = parse((r as { value: { csv: string } }).value.csv, { columns: true }) as Record<string, string>[];
    for (const cell of table.flatMap((t) => Object.values(t))) {
      expect(cell).not.toMatch(/^\s*[=\-@\uFF1D\uFF0B\uFF0D\uFF20]/);
      if (cell.startsWith('+')) expect(cell).toMatch(/^\+[0-9]{2,15}$/);
    }
    expect(table.find((t) => t.caller === '+442079460968')?.caller_name).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
  });

  it('refuses an agent a metrics range or export longer than a week, and lets a supervisor have it', async () => {
    const month = { from: clock - 30 * 86_400_000, to: clock };
    expect(codeOf(await fx.core.dispatch('metrics.query', { scope: { kind: 'me' }, range: month }, alice))).toBe('INVALID_INPUT');
    expect(codeOf(await fx.core.dispatch('reports.exportCalls', { range: month }, alice))).toBe('INVALID_INPUT');
    expect(codeOf(await fx.core.dispatch('reports.exportMetrics', { range: month, scope: { kind: 'me' } }, alice))).toBe('INVALID_INPUT');
    expect(codeOf(await fx.core.dispatch('metrics.query', { scope: { kind: 'me' }, range: { from: clock - 6 * 86_400_000, to: clock } }, alice))).toBe('ok');
    expect(codeOf(await fx.core.dispatch('metrics.query', { scope: { kind: 'all' }, range: month }, boss))).toBe('ok');
  });

  it('runs heavy reads a few at a time and refuses the ones that cannot wait (UNAVAILABLE)', async () => {
    const week = { from: clock - 6 * 86_400_000, to: clock };
    const results = await Promise.all(Array.from({ length: 30 }, () => fx.core.dispatch('metrics.query', { scope: { kind: 'all' }, range: week }, boss)));
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(codes.filter((c) => c === 'UNAVAILABLE').length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['ok', 'UNAVAILABLE']));
  });
});
