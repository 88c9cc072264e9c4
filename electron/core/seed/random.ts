import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source: the same seed always yields the same demo data. */
export function seededRandom(seed: number) {
  const rng = xoroshiro128plus(seed);
  return {
    /** Integer in [from, to], both included. */
    int: (from: number, to: number): number => uniformInt(rng, from, to),
    /** Float in [0, 1). */
    unit: (): number => uniformFloat64(rng),
    chance: (p: number): boolean => uniformFloat64(rng) < p,
    pick: <T>(items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)] as T,
  };
}

export type Random = ReturnType<typeof seededRandom>;
