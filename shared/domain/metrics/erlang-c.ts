/**
 * Erlang C (M/M/N queue, no abandonment): the staffing forecast on the board.
 * Traffic A in Erlangs = arrivals per hour × AHT (s) / 3600.
 */

/** Probability that a call waits, for A Erlangs and N agents (1 when N ≤ A: the queue never drains). */
export function erlangC(trafficErlangs: number, agents: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError(`agents must be a whole number ≥ 0, got ${agents}`);
  const a = trafficErlangs;
  if (agents <= a) return 1;
  // Erlang B by its recurrence B(k) = A·B(k−1) / (k + A·B(k−1)) stays in [0, 1]; A^N / N! would overflow.
  let b = 1;
  for (let k = 1; k <= agents; k += 1) b = (a * b) / (k + a * b);
  return (agents * b) / (agents - a * (1 - b));
}

export interface ServiceLevelQuestion {
  arrivalsPerHour: number;
  ahtS: number;
  agents: number;
  thresholdS: number;
}

/** Fraction (0–1) of calls answered within the threshold: 1 − C × e^(−(N − A) × t / AHT). */
export function serviceLevelFor({ arrivalsPerHour, ahtS, agents, thresholdS }: ServiceLevelQuestion): number {
  const a = (arrivalsPerHour * ahtS) / 3600;
  if (agents <= a) return 0;
  return 1 - erlangC(a, agents) * Math.exp((-(agents - a) * thresholdS) / ahtS);
}

export interface StaffingQuestion {
  arrivalsPerHour: number;
  ahtS: number;
  /** Service-level target in percent, e.g. 80. */
  targetPct: number;
  thresholdS: number;
  maxAgents?: number;
}

/** Smallest N whose service level meets the target; null if none up to maxAgents does. */
export function agentsNeeded({ arrivalsPerHour, ahtS, targetPct, thresholdS, maxAgents = 1000 }: StaffingQuestion): number | null {
  if (arrivalsPerHour <= 0) return 0;
  const a = (arrivalsPerHour * ahtS) / 3600;
  for (let agents = Math.floor(a) + 1; agents <= maxAgents; agents += 1) {
    if (serviceLevelFor({ arrivalsPerHour, ahtS, agents, thresholdS }) * 100 >= targetPct) return agents;
  }
  return null;
}
