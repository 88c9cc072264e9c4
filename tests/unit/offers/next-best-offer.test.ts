import { describe, expect, it } from 'vitest';
import {
  productLine,
  crossSellCode,
  DEFAULT_OFFER_RULES,
  PAYMENT_PLAN_CODE,
  rankOffers,
  WIN_BACK_CODE,
  type Affinity,
  type OfferCustomer,
} from '../../../shared/domain/offers/next-best-offer';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);

const LAPTOP = 10;
const SLEEVE = 20;
const CARE = 21;
const CABLE = 30;

const affinities: Record<number, Affinity[]> = {
  [LAPTOP]: [
    { fromProductId: LAPTOP, fromUnitPrice: 99_900, toProductId: SLEEVE, toProductName: 'Laptop sleeve', toLine: 'LAPTOP-SLEEVE', toCategory: 'Accessories', toUnitPrice: 3_999, confidence: 0.5, lift: 6.2, support: 400 },
    { fromProductId: LAPTOP, fromUnitPrice: 99_900, toProductId: CARE, toProductName: 'Laptop Care', toLine: 'LAPTOP-CARE', toCategory: 'Protection', toUnitPrice: 14_900, confidence: 0.35, lift: 5.1, support: 280 },
    { fromProductId: LAPTOP, fromUnitPrice: 99_900, toProductId: CABLE, toProductName: 'USB-C cable', toLine: 'CABLE', toCategory: 'Accessories', toUnitPrice: 999, confidence: 0.2, lift: 1.1, support: 160 },
  ],
};
const from = (id: number): Affinity[] => affinities[id] ?? [];

function customer(overrides: Partial<OfferCustomer> = {}): OfferCustomer {
  return {
    balance: 0,
    creditLimit: 0,
    overdue: 0,
    currency: 'GBP',
    orderCount: 3,
    firstOrderAt: NOW - 300 * DAY,
    lastOrderAt: NOW - 20 * DAY,
    recentPurchases: [{ productId: LAPTOP, productName: 'Aero 15', orderedAt: NOW - 20 * DAY }],
    ownedLines: new Set(['LAPTOP']),
    declines: [],
    annualMargin: 20_000,
    ...overrides,
  };
}

describe('productLine', () => {
  it('drops the model number from a SKU', () => {
    expect(productLine('TV-003')).toBe('TV');
    expect(productLine('LAPTOP-SLEEVE-002')).toBe('LAPTOP-SLEEVE');
  });
});

describe('rankOffers', () => {
  it('ranks cross-sells by propensity × margin and explains each in one sentence', () => {
    const offers = rankOffers(customer(), from, NOW);
    // sleeve: 0.5 × round(3999 × 0.3) = 0.5 × 1200 = 600; care: 0.35 × 4470 = 1564.5 → care first. Cable: lift 1.1 < 1.5, out.
    expect(offers.map((o) => [o.code, o.score])).toEqual([
      [crossSellCode(CARE), 1564.5],
      [crossSellCode(SLEEVE), 600],
    ]);
    expect(offers[0]?.reason).toBe('Bought Aero 15: 35% of those buyers also take Laptop Care (5.1× the usual rate), £149.');
  });

  it('offers only a payment plan to an overdue customer', () => {
    const offers = rankOffers(customer({ overdue: 12_345 }), from, NOW);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ code: PAYMENT_PLAN_CODE, kind: 'payment-plan', value: 12_345 });
    expect(offers[0]?.reason).toBe('£123 is overdue: offer to spread it before any sale.');
  });

  it('suppresses an offer declined within the cool-down, and offers it again after', () => {
    const declinedCare = (daysAgo: number) => customer({ declines: [{ offerCode: crossSellCode(CARE), at: NOW - daysAgo * DAY }] });
    expect(rankOffers(declinedCare(10), from, NOW).map((o) => o.code)).toEqual([crossSellCode(SLEEVE)]);
    expect(rankOffers(declinedCare(DEFAULT_OFFER_RULES.declineCooldownDays), from, NOW).map((o) => o.code)).toContain(crossSellCode(CARE));
  });

  it('skips product lines already owned and products beyond the remaining credit', () => {
    expect(rankOffers(customer({ ownedLines: new Set(['LAPTOP', 'LAPTOP-CARE']) }), from, NOW).map((o) => o.code)).toEqual([
      crossSellCode(SLEEVE),
    ]);
    // £50 of credit left: the £149 plan no longer fits, the £39.99 sleeve does.
    expect(rankOffers(customer({ creditLimit: 100_000, balance: 95_000 }), from, NOW).map((o) => o.code)).toEqual([crossSellCode(SLEEVE)]);
  });

  it('adds a win-back offer when ordering has stopped for well over the usual gap', () => {
    // 4 orders over 300 days → usual gap 100 days; last order 400 days ago ≥ 2.5 × 100 and ≥ 180 days.
    const lapsed = customer({ orderCount: 4, firstOrderAt: NOW - 700 * DAY, lastOrderAt: NOW - 400 * DAY, recentPurchases: [] });
    const offers = rankOffers(lapsed, from, NOW);
    expect(offers.map((o) => o.code)).toEqual([WIN_BACK_CODE]);
    expect(offers[0]?.reason).toBe('No order for 13 months where they used to order every 3 months: worth £200 a year if they come back.');
    // Still ordering at the usual pace: no win-back.
    expect(rankOffers(customer({ recentPurchases: [] }), from, NOW)).toEqual([]);
  });

  it('bases cross-sells only on purchases within the recency window', () => {
    const old = customer({ recentPurchases: [{ productId: LAPTOP, productName: 'Aero 15', orderedAt: NOW - 400 * DAY }] });
    expect(rankOffers(old, from, NOW).filter((o) => o.kind === 'cross-sell')).toEqual([]);
  });

  it('offers complements, not something dearer than what was bought', () => {
    const pricey = (id: number): Affinity[] => from(id).map((a) => ({ ...a, fromUnitPrice: 1_000 }));
    expect(rankOffers(customer(), pricey, NOW).map((o) => o.code)).toEqual([]);
  });

  it('ignores thin evidence (support below the minimum)', () => {
    const thin = (id: number): Affinity[] => from(id).map((a) => ({ ...a, support: 5 }));
    expect(rankOffers(customer(), thin, NOW)).toEqual([]);
  });
});
