import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { startOfDay } from '../../electron/core/metrics/metrics-service';
import type { MetricsReport, ScoredMetric } from '../../shared/contract/schemas/metrics';
import { fields, inbound, report } from '../support/call-reports';
import { FIXTURE_ANCHOR, seededCore, signedInContext, type SeededCore } from '../support/seeded-core';

/**
 * The smallest cases the simulated month (tests/simulation) found where the engine's figures differed from the written
 * definitions (docs/adr/0011-metric-definitions.md), each hand-computed, through the real write path.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D = startOfDay(FIXTURE_ANCHOR) + 2 * DAY;
let clock = D;
let fx: SeededCore;
let alice: CallContext;
let bob: CallContext;
let boss: CallContext;
const NUMBER = '+442079460999';

beforeEach(async () => {
  clock = D - 3 * DAY;
  fx = await seededCore(30, () => clock);
  alice = await signedInContext(fx.core, '7101');
  bob = await signedInContext(fx.core, '7102');
  for (const c of [alice, bob]) await fx.core.dispatch('agent.setState', { state: 'available' }, c);
  const sue = { name: 'Sue', extension: '8100', password: 'a-long-password' };
  await upsertSupervisor(fx.core.connection.db, sue, clock);
  boss = newCallContext();
  const signedIn = await fx.core.dispatch('agent.signIn', sue, boss);
  if (!signedIn.ok) throw new Error(signedIn.error.message);
});
afterEach(() => fx.cleanup());

async function at<T>(t: number, f: () => Promise<T>): Promise<T> {
  clock = t;
  return f();
}

/** One answered leg at `offered`, talking a minute, wrapped up 10 s later. Returns its call id. */
async function answered(ctx: CallContext, key: string, offered: number, offer: Parameters<typeof inbound>[1], chooseCustomer?: number): Promise<number> {
  const { callId } = await at(offered, () => report(fx.core, ctx, key, inbound(offer?.customerId == null ? NUMBER : `+44790000${offer.customerId}`, offer), offered));
  await at(offered + 3_000, () => report(fx.core, ctx, key, { type: 'answered' }, clock));
  if (chooseCustomer !== undefined) await at(offered + 10_000, () => report(fx.core, ctx, key, { type: 'customer-chosen', customerId: chooseCustomer }, clock));
  await at(offered + 63_000, () => report(fx.core, ctx, key, { type: 'ended', reason: 'remote-hangup' }, clock));
  const r = await at(offered + 73_000, () => fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ resolved: true }) }, ctx));
  if (!r.ok) throw new Error(r.error.message);
  return callId;
}

async function traced(input: object, name: string): Promise<Pick<ScoredMetric, 'numerator' | 'denominator' | 'value' | 'callIds'>> {
  const r = await fx.core.dispatch('metrics.query', { scope: { kind: 'all' }, ...input }, boss);
  if (!r.ok) throw new Error(r.error.message);
  const m = (r.value as MetricsReport).metrics.find((x) => x.metric === name) as ScoredMetric;
  return { numerator: m.numerator, denominator: m.denominator, value: m.value, callIds: m.callIds };
}

async function metric(input: object, name: string): Promise<Pick<ScoredMetric, 'numerator' | 'denominator' | 'value'>> {
  const { numerator, denominator, value } = await traced(input, name);
  return { numerator, denominator, value };
}

/** A desk's leg of a queued contact that rings and is declined (the caller stays in the queue). */
async function declined(ctx: CallContext, key: string, offered: number, offer: Parameters<typeof inbound>[1], caller: string | null): Promise<number> {
  const { callId } = await at(offered, () => report(fx.core, ctx, key, inbound(caller, offer), offered));
  await at(offered + 4_000, () => report(fx.core, ctx, key, { type: 'ended', reason: 'declined' }, clock));
  return callId;
}

describe('metrics see whole contacts and whole caller histories', () => {
  it('counts a contact in the range it was queued in, even when it first rang after that range ended', async () => {
    // Queued at 23:59:50 on D (waited 15 s), rings at 00:00:05 on D+1, answered 18 s after it queued.
    await answered(alice, 'late', D + DAY + 5_000, { waitedMs: 15_000, queueCallId: 'pbx-late', customerId: 1 });
    clock = D + 3 * DAY;
    const dayD = { range: { from: D, to: D + DAY } };
    // ADR 0011: service level and abandon rate take "contacts queued in the range"; FCR counts a contact "where it started".
    expect(await metric(dayD, 'service_level_pct')).toEqual({ numerator: 1, denominator: 1, value: 100 });
    expect(await metric(dayD, 'abandon_pct')).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(await metric(dayD, 'fcr_pct')).toEqual({ numerator: 1, denominator: 1, value: 100 });
  });

  it("does not take a later contact matched to a customer for a repeat from the caller's number", async () => {
    // D 10:00: an unmatched caller, resolved. D+2 10:00: the same number; Bob declines, Alice answers and picks customer 7.
    await answered(alice, 'n1', D + 10 * HOUR, { queueCallId: 'pbx-n1' });
    const t = D + 2 * DAY + 10 * HOUR;
    await at(t, () => report(fx.core, bob, 'n2-bob', inbound(NUMBER, { queueCallId: 'pbx-n2' }), t));
    await at(t + 2_000, () => report(fx.core, bob, 'n2-bob', { type: 'ended', reason: 'declined' }, clock));
    await answered(alice, 'n2-alice', t + 5_000, { queueCallId: 'pbx-n2', waitedMs: 5_000 }, 7);
    clock = D + 12 * DAY;
    // ADR 0011: "the customer is the customer id when any leg is matched, else the caller number". The D+2 contact
    // is customer 7's, so the D contact had no repeat from its number: resolved first contact, FCR 1 / 1 —
    // whether the range asked for holds only day D or both days.
    expect(await metric({ range: { from: D, to: D + 3 * DAY } }, 'fcr_pct')).toEqual({ numerator: 2, denominator: 2, value: 100 });
    expect(await metric({ range: { from: D, to: D + DAY } }, 'fcr_pct')).toEqual({ numerator: 1, denominator: 1, value: 100 });
  });

  it("keeps today's FCR as a fresh read has it when the agent picks a customer during the call", async () => {
    // D−1 10:00: customer 7 calls and is answered. D: today's figures are loaded just after midnight.
    await answered(alice, 'c7', D - DAY + 10 * HOUR, { customerId: 7, queueCallId: 'pbx-c7' });
    await at(D + 1_000, () => metric({}, 'fcr_pct'));
    // D 09:00 an unmatched number calls; at 10:00 it calls again and the agent finds it is customer 7.
    await answered(alice, 'n1', D + 9 * HOUR, { queueCallId: 'pbx-n1' });
    await answered(alice, 'n2', D + 10 * HOUR, { queueCallId: 'pbx-n2' }, 7);
    clock = D + 11 * HOUR;
    // The 10:00 contact is customer 7's, who had an answered contact within 7 days before: not a first contact.
    // Only the 09:00 contact counts: FCR 1 / 1. The same range read afresh says so too.
    const fresh = await metric({ range: { from: D, to: clock + 1 } }, 'fcr_pct');
    expect(fresh).toEqual({ numerator: 1, denominator: 1, value: 100 });
    expect(await metric({}, 'fcr_pct')).toEqual(fresh);
  });

  it("keeps today's contact whole when its legs before midnight had all ended as the day was loaded (a withheld caller)", async () => {
    // D−1 23:58:00 a withheld caller queues; Bob's desk rings at 23:59:00 and declines; at 00:00:01 today's figures
    // are loaded (no leg of the contact is live, none touches the new day); at 00:00:30 Alice's desk rings, she answers.
    const withheld = { callerE164: null, withheld: true };
    const bobs = await declined(bob, 'x-bob', D - 60_000, { queueCallId: 'pbx-x', waitedMs: 60_000 }, null);
    await at(D + 1_000, () => metric({}, 'asa_s'));
    const alices = await answered(alice, 'x-alice', D + 30_000, { queueCallId: 'pbx-x', waitedMs: 150_000, ...withheld });
    clock = D + HOUR;
    // ASA counts the contact today (answered 153 s after it queued), its calls both legs, as a fresh read has it.
    const fresh = await traced({ range: { from: D, to: clock + 1 } }, 'asa_s');
    expect(fresh).toEqual({ numerator: 153_000, denominator: 1, value: 153, callIds: [bobs, alices] });
    expect(await traced({}, 'asa_s')).toEqual(fresh);
  });
});
