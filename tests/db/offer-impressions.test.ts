import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { CustomerRecord } from '../../shared/contract/schemas/crm';
import type { WrapUp } from '../../shared/contract/schemas/wrap-up';
import { fields, inbound, report } from '../support/call-reports';
import { FIXTURE_ANCHOR, lookupPhone, seededCore, signedInContext, type SeededCore } from '../support/seeded-core';
import { queryRows } from '../support/test-stores';

/** Offer impressions (ADR 0016): what the pop showed, with rank, probability and policy, linked to the call and its outcome. */

let fx: SeededCore;
let ctx: CallContext;
let olivia: CustomerRecord;
let key = 0;

beforeAll(async () => {
  fx = await seededCore(4_000);
  ctx = await signedInContext(fx.core, '7301');
  olivia = (await lookupPhone(fx.core, ctx, '+442079460958')).customers[0] as CustomerRecord;
});
afterAll(() => fx.cleanup());

const shown = (c: CustomerRecord, seen: 'shown' | 'not-seen' = 'shown') => ({
  type: 'offer-shown' as const,
  seen,
  customerId: c.id,
  policyVersion: c.offerPolicy,
  offers: c.offers.map((o) => ({ code: o.code, rank: o.rank, score: o.score, probability: o.probability })),
});

async function answeredCall(at: number): Promise<{ callKey: string; callId: number }> {
  const callKey = `offer-call-${++key}`;
  const { callId } = await report(fx.core, ctx, callKey, inbound('+442079460958', { customerId: olivia.id }), at);
  await report(fx.core, ctx, callKey, { type: 'answered' }, at + 2_000);
  return { callKey, callId };
}

const impressions = (callId: number) =>
  queryRows<{ rank: number; probability: number; policy_version: string; seen: string; customer_id: number; code: string }>(
    fx.core.store,
    'SELECT i.rank, i.score, i.probability, i.policy_version, i.seen, i.customer_id, o.code FROM offer_impressions i JOIN offers o ON o.id = i.offer_id WHERE call_id = ? ORDER BY i.id',
    callId,
  );

describe('offer impressions', () => {
  it('the pop presents offers ranked, with the probability each had of leading under the policy', () => {
    expect(olivia.offers.length).toBeGreaterThan(0);
    expect(olivia.offers.map((o) => o.rank)).toEqual(olivia.offers.map((_, i) => i + 1));
    // The shipped policy explores nothing: the best offer always leads.
    expect(olivia.offers.map((o) => o.probability)).toEqual(olivia.offers.map((_, i) => (i === 0 ? 1 : 0)));
    expect(olivia.offerPolicy).toBe('nbo-1/eps-0');
  });

  it('records what was shown with the call, asks about it in the wrap-up, and links the answer to call, offer, rank and policy', async () => {
    const { callKey, callId } = await answeredCall(FIXTURE_ANCHOR + 60_000);
    await report(fx.core, ctx, callKey, shown(olivia), FIXTURE_ANCHOR + 62_000);
    expect(await impressions(callId)).toEqual(
      olivia.offers.map((o) => expect.objectContaining({ code: o.code, rank: o.rank, probability: o.probability, policy_version: 'nbo-1/eps-0', seen: 'shown', customer_id: olivia.id })),
    );
    const best = olivia.offers[0]?.code as string;
    // The customer says yes on the pop, during the call.
    await report(fx.core, ctx, callKey, { type: 'offer-answered', code: best, outcome: 'accepted' }, FIXTURE_ANCHOR + 70_000);
    await report(fx.core, ctx, callKey, { type: 'ended', reason: 'remote-hangup' }, FIXTURE_ANCHOR + 90_000);
    const w = await fx.core.dispatch('wrapUp.get', { callId }, ctx);
    expect(w.ok && (w.value as WrapUp).fields).toMatchObject({ offerCode: best, offerOutcome: 'accepted' });

    const submitted = await fx.core.dispatch('wrapUp.submit', { callId, fields: fields({ offerCode: best, offerOutcome: 'accepted' }) }, ctx);
    expect(submitted.ok).toBe(true);
    const linked = await queryRows(
      fx.core.store,
      `SELECT x.outcome, x.customer_id, i.rank, i.probability, i.policy_version FROM offer_outcomes x
         JOIN offer_impressions i ON i.call_id = x.call_id AND i.offer_id = x.offer_id
        WHERE x.call_id = ? AND x.outcome IN ('accepted', 'declined')`,
      callId,
    );
    expect(linked).toEqual([{ outcome: 'accepted', customer_id: olivia.id, rank: 1, probability: 1, policy_version: 'nbo-1/eps-0' }]);
    const events = (await fx.core.log.ofCall(callId)).map((e) => e.type);
    expect(events.filter((t) => t === 'offer.shown')).toHaveLength(1);
    expect(events.filter((t) => t === 'offer.outcome')).toHaveLength(2); // the pop's answer, then the wrap-up's
  });

  it("records 'not seen' for offers the call took away before they were painted, and the wrap-up does not ask about them", async () => {
    const callKey = `offer-call-${++key}`;
    const { callId } = await report(fx.core, ctx, callKey, inbound('+442079460958', { customerId: olivia.id }), FIXTURE_ANCHOR + 200_000);
    await report(fx.core, ctx, callKey, { type: 'ended', reason: 'caller-cancelled' }, FIXTURE_ANCHOR + 200_040);
    // Reported after the end: the pop never made it to the screen.
    await report(fx.core, ctx, callKey, shown(olivia, 'not-seen'), FIXTURE_ANCHOR + 200_050);
    expect(new Set((await impressions(callId)).map((i) => i.seen))).toEqual(new Set(['not-seen']));

    const answered = await answeredCall(FIXTURE_ANCHOR + 300_000);
    await report(fx.core, ctx, answered.callKey, shown(olivia, 'not-seen'), FIXTURE_ANCHOR + 300_100);
    await report(fx.core, ctx, answered.callKey, { type: 'ended', reason: 'remote-hangup' }, FIXTURE_ANCHOR + 310_000);
    const w = await fx.core.dispatch('wrapUp.get', { callId: answered.callId }, ctx);
    expect(w.ok && (w.value as WrapUp).fields.offerCode).toBe(null);
  });

  it('refuses an impression of an offer that does not exist, and keeps the call as it was', async () => {
    const { callKey, callId } = await answeredCall(FIXTURE_ANCHOR + 400_000);
    const r = await fx.core.dispatch(
      'calls.report',
      { callKey, eventId: `bad-offer-${callId}`, at: FIXTURE_ANCHOR + 400_500, event: { ...shown(olivia), offers: [{ code: 'NO-SUCH-OFFER', rank: 1, score: 1, probability: 1 }] } },
      ctx,
    );
    expect(r.ok ? null : r.error.code).toBe('INVALID_INPUT');
    expect(await impressions(callId)).toEqual([]);
  });
});
