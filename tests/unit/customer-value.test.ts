import { describe, expect, it } from 'vitest';
import { annualMargin, customerValue, lifetimeValue, tenureMonths, tierFor } from '../../shared/domain/customer-value';
import { DEFAULT_SETTINGS } from '../../electron/core/settings/defaults';

const YEAR = 365.25 * 24 * 3600 * 1000;

describe('lifetime value', () => {
  it('matches LTV = m × r / (1 + i − r) computed by hand', () => {
    // m = 1000, r = 0.8, i = 0.1 → 800 / 0.3 = 2666.67
    expect(lifetimeValue(1000, 0.8, 0.1)).toBeCloseTo(2666.6667, 3);
    // r = 0 → nothing beyond this year
    expect(lifetimeValue(1000, 0, 0.1)).toBe(0);
  });

  it('spreads margin over active years but never over less than one year', () => {
    const now = 10 * YEAR;
    expect(annualMargin(100_000, now - 4 * YEAR, now, 0.3)).toBeCloseTo(7_500, 6);
    expect(annualMargin(100_000, now - 0.1 * YEAR, now, 0.3)).toBeCloseTo(30_000, 6);
  });

  it('assigns tiers at the thresholds inclusive', () => {
    const t = { platinum: 1000, gold: 500, silver: 100 };
    expect(tierFor(1000, t)).toBe('platinum');
    expect(tierFor(999, t)).toBe('gold');
    expect(tierFor(500, t)).toBe('gold');
    expect(tierFor(100, t)).toBe('silver');
    expect(tierFor(99, t)).toBe('bronze');
  });

  it('explains the tier with the customer’s own numbers', () => {
    const now = 3 * YEAR;
    const v = customerValue(300_000, now - 2 * YEAR, now, DEFAULT_SETTINGS.value);
    // m = 300000 × 0.3 / 2 = 45000; LTV = 45000 × 0.8 / 0.3 = 120000 → gold (≥ 80000, < 200000)
    expect(v).toEqual({
      tier: 'gold',
      lifetimeValue: 120_000,
      annualMargin: 45_000,
      explanation: 'LTV = m × r / (1 + i − r) = 45000 × 0.8 / (1 + 0.1 − 0.8) = 120000',
    });
  });
});

describe('tenureMonths', () => {
  it('counts whole calendar months', () => {
    expect(tenureMonths(Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 29))).toBe(0);
    expect(tenureMonths(Date.UTC(2024, 0, 15), Date.UTC(2024, 1, 15))).toBe(1);
    expect(tenureMonths(Date.UTC(2020, 5, 1), Date.UTC(2026, 5, 1))).toBe(72);
    expect(tenureMonths(Date.UTC(2026, 5, 1), Date.UTC(2020, 5, 1))).toBe(0);
  });
});
