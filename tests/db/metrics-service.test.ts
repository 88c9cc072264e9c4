import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { startOfDay } from '../../electron/core/metrics/metrics-service';
import type { MetricsReport, ScoredMetric } from '../../shared/contract/schemas/metrics';
import { fields, inbound, report } from '../support/call-reports';
import { FIXTURE_ANCHOR, seededCore, signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';

const DAY = startOfDay(FIXTURE_ANCHOR);
const T0 = DAY + 9 * 3600_000;
let clock = T0;
let fx: SeededCore;
let ctx: CallContext;

beforeEach(async () => {
  clock = T0;
  fx = await seededCore(30, () => clock);
  ctx = await signedInContext(fx.core, '8001');
  await fx.core.dispatch('agent.setState', { state: 'available' }, ctx);
});
afterEach(() => fx.cleanup());

async function query(c: CallContext, input: object): Promise<MetricsReport> {
  const r = await fx.core.dispatch('metrics.query', input, c);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as MetricsReport;
}
const metric = (rep: MetricsReport, name: string) => rep.metrics.find((m) => m.metric === name) as ScoredMetric;

/** One answered call: rings `ring` ms, talks `talk` ms, wrap-up `acw` ms, starting at `start`. */
async function handled(key: string, start: number, ring: number, talk: number, acw: number, resolved = true, customerId = 1) {
  clock = start;
  const { callId } = await report(fx.core, ctx, key, inbound(`+4420794609${57 + customerId}`, { customerId }), start);
  clock = start + ring;
  await report(fx.core, ctx, key, { type: 'answered' }, clock);
  clock += talk;
  await report(fx.core, ctx, key, { type: 'ended', reason: 'remote-hangup' }, clock);
  clock += acw;
  const r = await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ resolved }) }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return callId;
}

describe('metrics from the call write path', () => {
  it("changes the agent's own AHT, FRT and FCR as calls are logged, each traceable to its calls", async () => {
    const before = await query(ctx, { scope: { kind: 'me' } });
    expect(metric(before, 'handled').value).toBe(0);
    expect(metric(before, 'aht_s').value).toBeNull();

    const first = await handled('a', T0, 4000, 120_000, 30_000);
    const second = await handled('b', T0 + 600_000, 10_000, 200_000, 50_000, false, 2);
    clock = T0 + 3_600_000;
    const after = await query(ctx, { scope: { kind: 'me' } });
    // AHT = (120 + 30 + 200 + 50) / 2 = 200 s; FRT mean (4 + 10) / 2 = 7 s; one resolved of two first contacts.
    expect(metric(after, 'aht_s')).toMatchObject({ value: 200, denominator: 2, callIds: [first, second], rag: 'green' });
    expect(metric(after, 'agent_frt_s')).toMatchObject({ value: 7, rag: 'green' });
    expect(metric(after, 'aht_s').formula).toContain('400');
    expect(metric(after, 'fcr_pct')).toMatchObject({ value: 50, provisional: true });
    // A repeat call from the first customer within 7 days: their first contact no longer counts as resolved.
    await handled('c', T0 + 7_200_000, 3000, 60_000, 10_000, true, 1);
    clock = T0 + 8_000_000;
    expect(metric(await query(ctx, { scope: { kind: 'me' } }), 'fcr_pct')).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    expect(metric(after, 'aht_s').target).toMatchObject({ target: 360, direction: 'at-most', scope: 'default' });
  });

  it("gives the same figures incrementally as a fresh read of the day from the database", async () => {
    await query(ctx, { scope: { kind: 'me' } }); // loads today's cache; the calls below update it one by one
    await handled('a', T0, 4000, 120_000, 30_000);
    await handled('b', T0 + 600_000, 25_000, 60_000, 5000, false);
    clock = T0 + 1_000_000;
    await report(fx.core, ctx, 'c', inbound('+442079460960'), clock);
    clock += 3000;
    await report(fx.core, ctx, 'c', { type: 'ended', reason: 'caller-cancelled' }, clock);
    clock = T0 + 3_600_000;
    const live = await query(ctx, { scope: { kind: 'me' } });
    const fresh = await query(ctx, { scope: { kind: 'me' }, range: live.range });
    expect(live.metrics).toEqual(fresh.metrics);
    // FRT (4 + 25) / 2 = 14.5 s; the caller who hung up while it rang counts as missed by nobody and abandoned for the queue.
    expect(metric(live, 'agent_frt_s').value).toBe(14.5);
    expect(metric(live, 'handled').value).toBe(2);
  });

  it('refuses other agents, teams and queues to an agent, and lets a supervisor see them', async () => {
    const refused = await fx.core.dispatch('metrics.query', { scope: { kind: 'all' } }, ctx);
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    const exportAll = await fx.core.dispatch('reports.exportCalls', { range: { from: DAY, to: DAY + 86_400_000 }, scope: 'all' }, ctx);
    expect(exportAll.ok ? null : exportAll.error.code).toBe('FORBIDDEN');
    const setTarget = await fx.core.dispatch('sla.setTarget', { metric: 'aht_s', scope: 'default', scopeId: null, target: 300 }, ctx);
    expect(setTarget.ok ? null : setTarget.error.code).toBe('FORBIDDEN');

    const boss = await supervisorContext(fx.core, '8100');
    await handled('a', T0, 4000, 400_000, 30_000);
    expect(await fx.core.dispatch('sla.setTarget', { metric: 'aht_s', scope: 'default', scopeId: null, target: 300 }, boss)).toMatchObject({ ok: true });
    clock = T0 + 3_600_000;
    const all = await query(boss, { scope: { kind: 'all' } });
    expect(metric(all, 'aht_s')).toMatchObject({ value: 430, rag: 'red', target: { target: 300 } });
  });

  it('exports calls as CSV with raw timestamps, and a hostile caller name cannot become a spreadsheet formula', async () => {
    clock = T0;
    await report(fx.core, ctx, 'x', inbound('+442079460958', { callerDisplay: '=HYPERLINK("http://evil","click")' }), T0);
    clock = T0 + 2000;
    await report(fx.core, ctx, 'x', { type: 'ended', reason: 'missed' }, clock);
    const r = await fx.core.dispatch('reports.exportCalls', { range: { from: DAY, to: DAY + 86_400_000 } }, ctx);
    expect(r.ok).toBe(true);
    const { csv, rows } = (r.ok ? r.value : { csv: '', rows: 0 }) as { csv: string; rows: number };
    expect(rows).toBe(1);
    const table = parse(csv, { columns: true }) as Record<string, string>[];
    expect(table[0]).toMatchObject({ caller: '+442079460958', caller_name: `'=HYPERLINK("http://evil","click")`, offered_at: new Date(T0).toISOString(), end_reason: 'missed' });
  });
});

describe("today's live figures against a fresh read", () => {
  it('knows a returning caller from days ago: their call today is a repeat, live as on a fresh read', async () => {
    await handled('old', DAY - 3 * 86_400_000 + 10 * 3600_000, 2000, 60_000, 10_000, true, 1);
    clock = T0;
    await query(ctx, { scope: { kind: 'me' } }); // today's figures loaded before the caller rings again
    await handled('today', T0 + 60_000, 3000, 60_000, 10_000, true, 1);
    clock = T0 + 3_600_000;
    const live = await query(ctx, { scope: { kind: 'me' } });
    const fresh = await query(ctx, { scope: { kind: 'me' }, range: live.range });
    expect(metric(live, 'fcr_pct')).toEqual(metric(fresh, 'fcr_pct'));
    expect(metric(live, 'fcr_pct').denominator).toBe(0); // the only contact today repeats one from 3 days ago
  });

  it('counts a call answered just after midnight that rang just before it, live as on a fresh read', async () => {
    clock = DAY - 5000;
    const { callId } = await report(fx.core, ctx, 'midnight', inbound('+442079460960', { customerId: 3 }), clock);
    clock = DAY + 2000;
    await report(fx.core, ctx, 'midnight', { type: 'answered' }, clock);
    await query(ctx, { scope: { kind: 'me' } });
    clock = DAY + 62_000;
    await report(fx.core, ctx, 'midnight', { type: 'ended', reason: 'remote-hangup' }, clock);
    await fx.core.dispatch('wrapUp.submit', { callId, fields: fields() }, ctx);
    clock = DAY + 3_600_000;
    const live = await query(ctx, { scope: { kind: 'me' } });
    const fresh = await query(ctx, { scope: { kind: 'me' }, range: live.range });
    expect(live.metrics).toEqual(fresh.metrics);
    expect(metric(live, 'agent_frt_s')).toMatchObject({ value: 7, callIds: [callId] });
  });
});
