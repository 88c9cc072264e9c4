/**
 * Next-best-offer, first version: pure and explainable. Every candidate carries the one
 * sentence an agent can say out loud about why it fits this customer.
 */
export type OfferKind = 'cross-sell' | 'payment-plan' | 'retention';

/** "Customers who bought X also bought Y", measured over order history (see electron/core/offers). */
export interface Affinity {
  fromProductId: number;
  fromUnitPrice: number;
  toProductId: number;
  toProductName: string;
  /** Product line (SKU without the model number): a customer who owns one TV is not offered another. */
  toLine: string;
  toCategory: string;
  toUnitPrice: number;
  /** P(Y | X): share of baskets with X that also hold Y. */
  confidence: number;
  /** P(Y | X) / P(Y): how much more likely than for any customer. */
  lift: number;
  /** Baskets holding both: small counts are noise. */
  support: number;
}

export interface OfferCustomer {
  balance: number;
  creditLimit: number;
  overdue: number;
  currency: string;
  orderCount: number;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  /** Most recent first; product ids and names of what they bought. */
  recentPurchases: readonly { productId: number; productName: string; orderedAt: number }[];
  /** Every product line the customer ever bought from (no point offering a second of the same thing). */
  ownedLines: ReadonlySet<string>;
  /** Offer codes the customer declined, with when. */
  declines: readonly { offerCode: string; at: number }[];
  annualMargin: number;
}

export interface OfferRules {
  marginRate: number;
  minLift: number;
  minSupport: number;
  declineCooldownDays: number;
  /** Cross-sells follow purchases made within this many days; older ones say little about today's needs. */
  crossSellRecencyDays: number;
  /** Lapsed when the gap since the last order exceeds this many times the customer's usual gap. */
  lapseFactor: number;
  /** …and at least this many days. */
  lapseMinDays: number;
  retentionPropensity: number;
  paymentPlanPropensity: number;
}

export const DEFAULT_OFFER_RULES: OfferRules = {
  marginRate: 0.3,
  minLift: 1.5,
  minSupport: 20,
  declineCooldownDays: 30,
  crossSellRecencyDays: 365,
  lapseFactor: 2.5,
  lapseMinDays: 180,
  retentionPropensity: 0.15,
  paymentPlanPropensity: 0.35,
};

export interface OfferCandidate {
  code: string;
  kind: OfferKind;
  title: string;
  productId: number | null;
  /** Estimated probability of acceptance (0–1). */
  propensity: number;
  /** Margin if accepted, minor units. */
  value: number;
  /** propensity × value: the ranking key. */
  score: number;
  reason: string;
}

const DAY = 86_400_000;

// Building an Intl.NumberFormat costs tens of microseconds: one per currency, reused (this runs inside the pop budget).
const moneyFormats = new Map<string, Intl.NumberFormat>();
function money(minor: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 });
    moneyFormats.set(currency, f);
  }
  return f.format(minor / 100);
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

export const crossSellCode = (productId: number): string => `XSELL-${productId}`;
export const PAYMENT_PLAN_CODE = 'PAYMENT-PLAN';
export const WIN_BACK_CODE = 'WIN-BACK';

function declinedRecently(c: OfferCustomer, code: string, now: number, rules: OfferRules): boolean {
  return c.declines.some((d) => d.offerCode === code && now - d.at < rules.declineCooldownDays * DAY);
}

interface Scored {
  readonly code: string;
  readonly score: number;
  /** Built only for the offers that are shown: formatting money is the costly part. */
  offer(): OfferCandidate;
}

/**
 * A customer's best cross-sell of one product so far. One per product, updated in place when a later purchase
 * gives a better score: a pop weighs every affinity of up to 20 purchases and used to allocate a candidate, its
 * code and a closure for each improvement.
 */
class CrossSell implements Scored {
  a: Affinity;
  bought: OfferCustomer['recentPurchases'][number];
  value: number;
  score: number;
  private readonly currency: string;

  constructor(a: Affinity, bought: OfferCustomer['recentPurchases'][number], value: number, score: number, currency: string) {
    this.a = a;
    this.bought = bought;
    this.value = value;
    this.score = score;
    this.currency = currency;
  }

  get code(): string {
    return crossSellCode(this.a.toProductId);
  }

  offer(): OfferCandidate {
    const { a, bought } = this;
    return {
      code: this.code,
      kind: 'cross-sell',
      title: a.toProductName,
      productId: a.toProductId,
      propensity: a.confidence,
      value: this.value,
      score: this.score,
      reason:
        `Bought ${bought.productName}: ${pct(a.confidence)} of those buyers also take ${a.toProductName} ` +
        `(${a.lift.toFixed(1)}× the usual rate), ${money(a.toUnitPrice, this.currency)}.`,
    };
  }
}

function crossSells(c: OfferCustomer, affinitiesFrom: (productId: number) => readonly Affinity[], rules: OfferRules, now: number): Scored[] {
  const available = c.creditLimit > 0 ? c.creditLimit - c.balance : Number.POSITIVE_INFINITY;
  const best = new Map<number, CrossSell>();
  const seenFrom = new Set<number>();
  const anyDeclines = c.declines.length > 0;
  for (const bought of c.recentPurchases) {
    if (now - bought.orderedAt > rules.crossSellRecencyDays * DAY) continue;
    if (seenFrom.has(bought.productId)) continue;
    seenFrom.add(bought.productId);
    for (const a of affinitiesFrom(bought.productId)) {
      if (a.lift < rules.minLift || a.support < rules.minSupport) continue;
      if (c.ownedLines.has(a.toLine)) continue;
      // Complements only: a soundbar buyer is not offered a TV dearer than the soundbar (that lift runs the other way).
      if (a.toUnitPrice > a.fromUnitPrice) continue;
      if (a.toUnitPrice > available) continue; // would breach the credit limit
      const value = Math.round(a.toUnitPrice * rules.marginRate);
      const score = a.confidence * value;
      const prev = best.get(a.toProductId);
      if (prev !== undefined && prev.score >= score) continue;
      // A product declined within the cool-down never gets an entry (its code is the product's).
      if (anyDeclines && declinedRecently(c, crossSellCode(a.toProductId), now, rules)) continue;
      if (prev === undefined) best.set(a.toProductId, new CrossSell(a, bought, value, score, c.currency));
      else {
        prev.a = a;
        prev.bought = bought;
        prev.value = value;
        prev.score = score;
      }
    }
  }
  return [...best.values()];
}

function retention(c: OfferCustomer, rules: OfferRules, now: number): Scored | null {
  if (c.lastOrderAt === null || c.firstOrderAt === null || c.orderCount < 2) return null;
  const usualGap = (c.lastOrderAt - c.firstOrderAt) / (c.orderCount - 1);
  const gap = now - c.lastOrderAt;
  if (gap < rules.lapseMinDays * DAY || gap < rules.lapseFactor * usualGap) return null;
  if (declinedRecently(c, WIN_BACK_CODE, now, rules)) return null;
  const value = Math.round(c.annualMargin);
  const months = (ms: number): string => {
    const n = Math.max(1, Math.round(ms / (30.44 * DAY)));
    return n === 1 ? 'month' : `${n} months`;
  };
  const candidate: Omit<OfferCandidate, 'reason'> = {
    code: WIN_BACK_CODE,
    kind: 'retention',
    title: 'Win-back: 10% off the next order',
    productId: null,
    propensity: rules.retentionPropensity,
    value,
    score: rules.retentionPropensity * value,
  };
  return {
    code: candidate.code,
    score: candidate.score,
    offer: () => ({
      ...candidate,
      reason: `No order for ${months(gap)} where they used to order every ${months(usualGap)}: worth ${money(value, c.currency)} a year if they come back.`,
    }),
  };
}

/**
 * Ranked offers for one customer, best first. An overdue customer gets a payment plan and
 * no upsell; offers declined within the cool-down are suppressed; cross-sells must fit the
 * remaining credit.
 */
export function rankOffers(
  c: OfferCustomer,
  affinitiesFrom: (productId: number) => readonly Affinity[],
  now: number,
  rules: OfferRules = DEFAULT_OFFER_RULES,
  limit = Number.POSITIVE_INFINITY,
): OfferCandidate[] {
  if (c.overdue > 0) {
    if (declinedRecently(c, PAYMENT_PLAN_CODE, now, rules)) return [];
    return [
      {
        code: PAYMENT_PLAN_CODE,
        kind: 'payment-plan',
        title: 'Payment plan for the overdue balance',
        productId: null,
        propensity: rules.paymentPlanPropensity,
        value: c.overdue,
        score: rules.paymentPlanPropensity * c.overdue,
        reason: `${money(c.overdue, c.currency)} is overdue: offer to spread it before any sale.`,
      },
    ];
  }
  const scored = crossSells(c, affinitiesFrom, rules, now);
  const winBack = retention(c, rules, now);
  if (winBack !== null) scored.push(winBack);
  return scored
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
    .slice(0, limit)
    .map((s) => s.offer());
}

/** "TV-003" → "TV", "LAPTOP-SLEEVE-002" → "LAPTOP-SLEEVE". */
export function productLine(sku: string): string {
  return sku.replace(/-\d+$/, '');
}
