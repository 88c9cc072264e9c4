import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCallReporter } from '../../../renderer/src/features/call-log/call-reporter';
import { createSoftphoneStore } from '../../../renderer/src/features/softphone/softphone-store';
import { createApiClient } from '../../../renderer/src/platform/api-client';
import { createMemoryTransport } from '../../../renderer/src/platform/memory-transport';
import { seededCore, signedInContext, type SeededCore } from '../../support/seeded-core';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';
import { queryRows } from '../../support/test-stores';

let fx: SeededCore;
let lab: SipLab | undefined;
beforeAll(async () => {
  fx = await seededCore(100, Date.now);
});
afterAll(() => fx.cleanup());
afterEach(async () => lab?.close());

type CallRow = { id: number; customer_id: number | null; answered_at: number | null; ended_at: number | null; end_reason: string; abandoned_at: number | null; timeline: string; holds: number };

async function rowsFor(extension: string): Promise<CallRow[]> {
  const calls = await queryRows<Omit<CallRow, 'timeline' | 'holds'>>(
    fx.core.store,
    'SELECT c.id, c.customer_id, c.answered_at, c.ended_at, c.end_reason, c.abandoned_at FROM calls c JOIN agents a ON a.id = c.agent_id WHERE a.extension = ? ORDER BY c.id',
    extension,
  );
  return Promise.all(
    calls.map(async (c) => {
      const events = await queryRows<{ type: string }>(fx.core.store, 'SELECT type FROM call_events WHERE call_id = ? ORDER BY id', c.id);
      const holds = await queryRows(fx.core.store, 'SELECT id FROM call_holds WHERE call_id = ? AND ended_at IS NOT NULL', c.id);
      return { ...c, timeline: events.map((e) => e.type).join(','), holds: holds.length };
    }),
  );
}

async function setUp(extension: string, popWaitMs?: number) {
  const ctx = await signedInContext(fx.core, extension);
  const api = createApiClient(createMemoryTransport({ dispatch: (m, p) => fx.core.dispatch(m, p, ctx), subscribe: (l) => fx.core.subscribe(ctx, l) }));
  const softphone = createSoftphoneStore(api);
  const needsWrapUp: number[] = [];
  const rejected: string[] = [];
  createCallReporter(api, softphone, { storage: null, onNeedsWrapUp: (id) => needsWrapUp.push(id), onRejected: (m) => rejected.push(m), popWaitMs });
  lab = await makeSipLab();
  softphone.getState().attach(lab.phone);
  await lab.phone.start();
  return { softphone, needsWrapUp, rejected };
}

describe('call reporter: what the softphone sees reaches the call record', () => {
  it('records offer, chosen customer, answer, a confirmed hold and resume, and the end; then asks for the wrap-up', async () => {
    const { softphone, needsWrapUp, rejected } = await setUp('5101');
    lab?.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    const id = softphone.getState().calls[0]?.id ?? '';
    await expect.poll(() => softphone.getState().pops[id]?.chosenCustomerId).toBe(1);
    await softphone.getState().answer(id);
    await softphone.getState().run((p) => p.hold(id));
    await softphone.getState().run((p) => p.resume(id));
    await softphone.getState().run((p) => p.hangup(id));
    await expect.poll(() => needsWrapUp.length).toBe(1);
    const [row] = await rowsFor('5101');
    expect(row).toMatchObject({ customer_id: 1, end_reason: 'local-hangup', holds: 1, timeline: 'offered,customer-chosen,answered,hold-started,hold-ended,ended' });
    expect(needsWrapUp).toEqual([row?.id]);
    expect(rejected).toEqual([]);
  });

  it('records a caller who gives up while it rings as abandoned, with no wrap-up', async () => {
    const { softphone, needsWrapUp } = await setUp('5102');
    const inviter = lab?.dial(['P-Asserted-Identity: <sip:+442079460960@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    await inviter?.cancel();
    await expect.poll(async () => (await rowsFor('5102'))[0]?.end_reason).toBe('caller-cancelled');
    expect((await rowsFor('5102'))[0]?.abandoned_at).not.toBeNull();
    expect(needsWrapUp).toEqual([]);
  });
});

describe('call reporter: a ringing call is reported after its pop is painted', () => {
  it('sends the offer only once the pop is painted, so nothing the core answers reaches the page before the pop', async () => {
    // A bound no test run reaches: only the paint can release the report.
    const { softphone } = await setUp('5105', 600_000);
    lab?.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    const id = softphone.getState().calls[0]?.id ?? '';
    // The lookup has been answered (the core served a request sent after the report was queued)...
    await expect.poll(() => softphone.getState().pops[id]?.chosenCustomerId).toBe(1);
    // ...and the core still has no call for this agent.
    expect(await rowsFor('5105')).toEqual([]);
    softphone.getState().popPainted(id);
    await expect.poll(async () => (await rowsFor('5105'))[0]?.timeline).toBe('offered,customer-chosen');
  });

  it('sends the offer without a paint once the bound has passed (a hidden page paints no frames)', async () => {
    const { softphone } = await setUp('5106', 1);
    lab?.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    await expect.poll(async () => (await rowsFor('5106'))[0]?.timeline).toBe('offered,customer-chosen');
  });

  it('sends the offer and the end at once, in order, when the caller gives up before the pop is painted', async () => {
    const { softphone } = await setUp('5107', 600_000);
    const inviter = lab?.dial(['P-Asserted-Identity: <sip:+442079460960@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    await inviter?.cancel();
    // The end releases the held offer: both go, in order (then the pop's offers, never seen).
    await expect.poll(async () => (await rowsFor('5107'))[0]?.timeline).toBe('offered,customer-chosen,ended,offer-shown');
    expect((await rowsFor('5107'))[0]?.end_reason).toBe('caller-cancelled');
  });
});

describe('call reporter: what the pop showed', () => {
  const impressionsFor = (extension: string) =>
    queryRows<{ seen: string; rank: number; probability: number; code: string }>(
      fx.core.store,
      `SELECT i.seen, i.rank, i.probability, o.code FROM offer_impressions i JOIN offers o ON o.id = i.offer_id
         JOIN calls c ON c.id = i.call_id JOIN agents a ON a.id = c.agent_id WHERE a.extension = ? ORDER BY i.id`,
      extension,
    );

  it('reports the offers once they are painted, and the answer given on the pop, with the call', async () => {
    const { softphone } = await setUp('5103');
    lab?.dial(['P-Asserted-Identity: <sip:+442079460960@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    const id = softphone.getState().calls[0]?.id ?? '';
    await expect.poll(() => softphone.getState().pops[id]?.chosenCustomerId).toBe(4);
    // What OfferPanel does the frame after the offers render.
    softphone.getState().offersPainted(id, 4);
    softphone.getState().offersPainted(id, 4);
    await expect.poll(() => impressionsFor('5103')).toEqual([{ seen: 'shown', rank: 1, probability: 1, code: 'PAYMENT-PLAN' }]);
    softphone.getState().answerOffer(id, 'PAYMENT-PLAN', 'accepted');
    await expect
      .poll(() => queryRows(fx.core.store, "SELECT outcome FROM offer_outcomes x JOIN calls c ON c.id = x.call_id JOIN agents a ON a.id = c.agent_id WHERE a.extension = '5103'"))
      .toEqual([{ outcome: 'accepted' }]);
    await softphone.getState().answer(id);
    await softphone.getState().run((p) => p.hangup(id));
    await expect.poll(async () => (await rowsFor('5103'))[0]?.end_reason).toBe('local-hangup');
    // Painted once: no second impression, and no "not seen" at the end.
    expect(await impressionsFor('5103')).toHaveLength(1);
  });

  it("records the offers of a pop the caller hung up on before it was painted as 'not seen'", async () => {
    const { softphone } = await setUp('5104');
    const inviter = lab?.dial(['P-Asserted-Identity: <sip:+442079460960@carrier.invalid>']);
    await expect.poll(() => softphone.getState().calls.length).toBe(1);
    await inviter?.cancel();
    await expect.poll(() => impressionsFor('5104')).toEqual([{ seen: 'not-seen', rank: 1, probability: 1, code: 'PAYMENT-PLAN' }]);
    expect((await rowsFor('5104'))[0]?.end_reason).toBe('caller-cancelled');
  });
});
