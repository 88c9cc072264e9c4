import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../shared/contract/schemas/crm';
import { PAYMENT_PLAN_CODE, WIN_BACK_CODE } from '../../shared/domain/offers/next-best-offer';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { lookupPhone, seededCore, signedInContext, type SeededCore } from '../support/seeded-core';
import { queryRow, queryRows } from '../support/test-stores';

let fx: SeededCore;
let ctx: CallContext;

async function customerOn(phone: string): Promise<CustomerRecord> {
  const c = (await lookupPhone(fx.core, ctx, phone)).customers[0];
  if (c === undefined) throw new Error(`nobody on ${phone}`);
  return c;
}

beforeAll(async () => {
  fx = await seededCore(4_000);
  ctx = await signedInContext(fx.core, '7001');
});
afterAll(() => fx.cleanup());

describe('product affinities measured from the seeded order history', () => {
  it('find the planted pattern: laptop buyers take sleeves far above the base rate', async () => {
    const row = await queryRow<{ lift: number; confidence: number }>(
      fx.core.store,
      `SELECT max(a.lift) AS lift, max(a.confidence) AS confidence FROM product_affinities a
         JOIN products f ON f.id = a.from_product_id AND f.sku LIKE 'LAPTOP-0%'
         JOIN products t ON t.id = a.to_product_id AND t.sku LIKE 'LAPTOP-SLEEVE%'`,
    );
    if (row === undefined) throw new Error('no affinity row');
    expect(row.lift).toBeGreaterThan(3);
    // Three sleeve models share the planted 50%, so any one of them is well under it.
    expect(row.confidence).toBeGreaterThan(0.1);
    expect(row.confidence).toBeLessThan(0.5);
  });

  it('agree with a brute-force count for one pair', async () => {
    const pair = await queryRow<{ from_product_id: number; to_product_id: number; baskets_both: number; confidence: number }>(
      fx.core.store,
      'SELECT * FROM product_affinities ORDER BY baskets_both DESC LIMIT 1',
    );
    if (pair === undefined) throw new Error('no affinity row');
    const orders = new Map<number, Set<number>>();
    for (const l of await queryRows<{ order_id: number; product_id: number }>(fx.core.store, 'SELECT order_id, product_id FROM order_lines')) {
      const set = orders.get(l.order_id) ?? new Set<number>();
      set.add(l.product_id);
      orders.set(l.order_id, set);
    }
    let withFrom = 0;
    let both = 0;
    for (const set of orders.values()) {
      if (set.has(pair.from_product_id)) {
        withFrom++;
        if (set.has(pair.to_product_id)) both++;
      }
    }
    expect(pair.baskets_both).toBe(both);
    expect(pair.confidence).toBeCloseTo(both / withFrom, 12);
  });
});

describe('next-best-offer in the screen-pop record', () => {
  it('gives a paying customer ranked offers, each with a reason', async () => {
    const olivia = await customerOn('+442079460958');
    expect(olivia.offers.length).toBeGreaterThan(0);
    const scores = olivia.offers.map((o) => o.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const o of olivia.offers) expect(o.reason.length).toBeGreaterThan(20);
  });

  it('gives an overdue customer a payment plan and no upsell', async () => {
    const declan = await customerOn('+442079460960');
    expect(declan.account.overdue).toBeGreaterThan(0);
    expect(declan.offers.map((o) => o.code)).toEqual([PAYMENT_PLAN_CODE]);
    expect(declan.openItems[0]).toMatchObject({ kind: 'overdue' });
  });

  it('offers a lapsed customer a win-back', async () => {
    const grace = await customerOn('+442079460961');
    expect(grace.offers.map((o) => o.code)).toContain(WIN_BACK_CODE);
  });

  it('stops offering what the customer just declined', async () => {
    const before = await customerOn('+442079460958');
    const top = before.offers[0];
    expect(top).toBeDefined();
    if (top === undefined) return;
    const r = await fx.core.dispatch('offers.recordOutcome', { customerId: before.id, offerCode: top.code, outcome: 'declined' }, ctx);
    expect(r).toEqual({ ok: true, value: { recorded: true } });
    const after = await customerOn('+442079460958');
    expect(after.offers.map((o) => o.code)).not.toContain(top.code);
  });

  it('refuses an outcome for an offer that does not exist', async () => {
    const r = await fx.core.dispatch('offers.recordOutcome', { customerId: 1, offerCode: 'NOPE', outcome: 'shown' }, ctx);
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
  });
});
