import { describe, expect, it } from 'vitest';
import { offerPolicyVersion, presentOffers } from '../../../shared/domain/offers/offer-policy';

const ranked = ['best', 'second', 'third'];

describe('the offer presentation policy', () => {
  it('without exploration always leads with the best offer, which had probability 1', () => {
    const p = presentOffers(ranked, 0, [0, 0.99]);
    expect(p.map((x) => [x.offer, x.rank, x.probability])).toEqual([
      ['best', 1, 1],
      ['second', 2, 0],
      ['third', 3, 0],
    ]);
    expect(offerPolicyVersion(0)).toBe('nbo-1/eps-0');
  });

  it('when it explores, leads with a uniformly drawn candidate and logs each one’s true probability of leading', () => {
    const eps = 0.3;
    const explored = presentOffers(ranked, eps, [0.1, 0.7]);
    expect(explored.map((x) => x.offer)).toEqual(['third', 'best', 'second']);
    const byOffer = Object.fromEntries(explored.map((x) => [x.offer, x.probability]));
    expect(byOffer.best).toBeCloseTo(1 - eps + eps / 3, 12);
    expect(byOffer.second).toBeCloseTo(eps / 3, 12);
    expect(byOffer.third).toBeCloseTo(eps / 3, 12);
    expect(Object.values(byOffer).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('matches the logged probabilities when drawn many times (the propensities are honest)', () => {
    const eps = 0.2;
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const leads: Record<string, number> = { best: 0, second: 0, third: 0 };
    const n = 60_000;
    for (let i = 0; i < n; i++) leads[(presentOffers(ranked, eps, [rand(), rand()])[0] as { offer: string }).offer]! += 1;
    const logged = presentOffers(ranked, eps, [0.99, 0]);
    for (const x of logged) expect(Math.abs((leads[x.offer] as number) / n - x.probability)).toBeLessThan(0.01);
  });

  it('shows nothing when there is nothing to offer', () => {
    expect(presentOffers([], 0.5, [0, 0])).toEqual([]);
  });
});
