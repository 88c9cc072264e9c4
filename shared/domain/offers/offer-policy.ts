/**
 * How ranked offers are presented, and the probability each one had of being the one shown first
 * (its propensity): what an honest offline evaluation of the offer policy needs logged with every
 * impression. With exploration rate ε, a uniformly drawn candidate leads instead of the best one
 * ε of the time; at ε = 0 (the default) the best one always leads (probability 1, the rest 0).
 */
export interface PresentedOffer<T> {
  offer: T;
  /** 1 = shown first (the one the agent is asked to make). */
  rank: number;
  /** The probability this offer had of being shown first under the policy. */
  probability: number;
}

export function offerPolicyVersion(explorationRate: number): string {
  return `nbo-1/eps-${explorationRate}`;
}

/** `draws` are two uniform numbers in [0, 1): whether to explore, and which candidate leads if so. */
export function presentOffers<T>(ranked: readonly T[], explorationRate: number, draws: readonly [number, number]): PresentedOffer<T>[] {
  const n = ranked.length;
  if (n === 0) return [];
  const eps = Math.min(Math.max(explorationRate, 0), 1);
  const lead = draws[0] < eps ? Math.min(n - 1, Math.floor(draws[1] * n)) : 0;
  const order = [lead, ...ranked.map((_, i) => i).filter((i) => i !== lead)];
  return order.map((i, position) => ({
    offer: ranked[i] as T,
    rank: position + 1,
    probability: (i === 0 ? 1 - eps : 0) + eps / n,
  }));
}
