import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangC, serviceLevelFor } from '../../../shared/domain/metrics/erlang-c';

/** The textbook form, Σ A^k / k! with the terms built up one by one: an independent check. */
function erlangCBySums(a: number, n: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < n; k += 1) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const top = ((term * a) / n) * (n / (n - a));
  return top / (sum + top);
}

describe('erlangC', () => {
  it('matches the worked example of 360 calls per half hour, 4 min AHT, 55 agents, 15 s', () => {
    // A = 720 calls/h × 240 s / 3600 = 48 Erlangs
    // C(48, 55) = 0.23870 → 23.9% of calls wait; ASA = C × AHT / (N − A) = 0.2387 × 240 / 7 = 8.18 s
    // SL = 1 − 0.2387 × e^(−7 × 15 / 240) = 1 − 0.2387 × 0.64565 = 0.84588 → 84.6%
    expect(erlangC(48, 55)).toBeCloseTo(0.2387, 4);
    expect(erlangC(48, 55)).toBeCloseTo(erlangCBySums(48, 55), 12);
    expect(serviceLevelFor({ arrivalsPerHour: 720, ahtS: 240, agents: 55, thresholdS: 15 })).toBeCloseTo(0.8459, 4);
    // 54 agents give 79.3%, so 80% in 15 s needs 55
    expect(serviceLevelFor({ arrivalsPerHour: 720, ahtS: 240, agents: 54, thresholdS: 15 })).toBeCloseTo(0.7929, 4);
    expect(agentsNeeded({ arrivalsPerHour: 720, ahtS: 240, targetPct: 80, thresholdS: 15 })).toBe(55);
  });

  it('staffs 360 calls an hour at 240 s AHT for 80% in 20 s with 29 agents, not 28', () => {
    // A = 360 × 240 / 3600 = 24 Erlangs
    // N = 28: C = 0.33314; SL = 1 − 0.33314 × e^(−4 × 20 / 240) = 1 − 0.33314 × 0.71653 = 0.76130 → 76.1%
    // N = 29: C = 0.24227; SL = 1 − 0.24227 × e^(−5 × 20 / 240) = 1 − 0.24227 × 0.65924 = 0.84028 → 84.0%
    expect(erlangC(24, 28)).toBeCloseTo(0.33314, 5);
    expect(serviceLevelFor({ arrivalsPerHour: 360, ahtS: 240, agents: 28, thresholdS: 20 })).toBeCloseTo(0.7613, 4);
    expect(serviceLevelFor({ arrivalsPerHour: 360, ahtS: 240, agents: 29, thresholdS: 20 })).toBeCloseTo(0.8403, 4);
    expect(agentsNeeded({ arrivalsPerHour: 360, ahtS: 240, targetPct: 80, thresholdS: 20 })).toBe(29);
  });

  it('says everyone waits when agents do not exceed the traffic, and stays finite for large centres', () => {
    expect(erlangC(24, 24)).toBe(1);
    expect(erlangC(24, 10)).toBe(1);
    expect(serviceLevelFor({ arrivalsPerHour: 360, ahtS: 240, agents: 24, thresholdS: 20 })).toBe(0);
    // A^N / N! overflows a double long before 900 Erlangs; the recurrence does not
    const big = erlangC(900, 950);
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(1);
    expect(erlangC(900, 951)).toBeLessThan(big);
  });

  it('needs no agents without calls, and gives up past maxAgents', () => {
    expect(agentsNeeded({ arrivalsPerHour: 0, ahtS: 240, targetPct: 80, thresholdS: 20 })).toBe(0);
    expect(agentsNeeded({ arrivalsPerHour: 360, ahtS: 240, targetPct: 80, thresholdS: 20, maxAgents: 28 })).toBeNull();
  });
});
