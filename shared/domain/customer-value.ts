import type { CustomerValue, ValueTier } from '../contract/schemas/crm';
import type { ValueSettings } from '../contract/schemas/settings';

const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

/**
 * Simple-retention lifetime value: LTV = m × r / (1 + i − r),
 * m = yearly margin, r = yearly retention, i = yearly discount rate.
 */
export function lifetimeValue(annualMargin: number, retention: number, discount: number): number {
  return (annualMargin * retention) / (1 + discount - retention);
}

/** Yearly margin from total spend over the customer's active years (at least one year, so new customers are not inflated). */
export function annualMargin(totalSpend: number, customerSince: number, now: number, marginRate: number): number {
  const years = Math.max(1, (now - customerSince) / MS_PER_YEAR);
  return (totalSpend * marginRate) / years;
}

export function tierFor(ltv: number, thresholds: ValueSettings['tierThresholds']): ValueTier {
  if (ltv >= thresholds.platinum) return 'platinum';
  if (ltv >= thresholds.gold) return 'gold';
  if (ltv >= thresholds.silver) return 'silver';
  return 'bronze';
}

export function customerValue(totalSpend: number, customerSince: number, now: number, s: ValueSettings): CustomerValue {
  const m = annualMargin(totalSpend, customerSince, now, s.marginRate);
  const ltv = lifetimeValue(m, s.retentionRate, s.discountRate);
  const rounded = Math.round(ltv);
  return {
    tier: tierFor(rounded, s.tierThresholds),
    lifetimeValue: rounded,
    annualMargin: Math.round(m),
    explanation:
      `LTV = m × r / (1 + i − r) = ${Math.round(m)} × ${s.retentionRate} / ` +
      `(1 + ${s.discountRate} − ${s.retentionRate}) = ${rounded}`,
  };
}

/** Whole months between two instants (calendar months, UTC). */
export function tenureMonths(since: number, now: number): number {
  if (now <= since) return 0;
  const a = new Date(since);
  const b = new Date(now);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (b.getUTCDate() < a.getUTCDate()) months -= 1;
  return Math.max(0, months);
}
