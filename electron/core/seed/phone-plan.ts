/**
 * Unique, valid UK numbers derived from the customer id by a bijection (multiply by a
 * constant coprime to the range, add an offset, modulo the range), so a million customers
 * get distinct numbers with no lookup table and no collisions.
 */
function scramble(id: number, multiplier: number, offset: number, range: number): string {
  const digits = String(range).length - 1;
  // BigInt: id × multiplier can pass 2^53 for large ids.
  const n = (BigInt(id) * BigInt(multiplier) + BigInt(offset)) % BigInt(range);
  return n.toString().padStart(digits, '0');
}

/** 074xx xxxxxx mobiles: 10^8 numbers. */
export const mobileFor = (id: number): string => `+4474${scramble(id, 48_271, 13_579, 100_000_000)}`;
/** 020 8xxx xxxx London landlines: 10^7 numbers. */
export const homeFor = (id: number): string => `+44208${scramble(id, 7_919, 4_321, 10_000_000)}`;
/** 0161 xxx xxxx Manchester work lines: 10^7 numbers. */
export const workFor = (id: number): string => `+44161${scramble(id, 104_729, 2_468, 10_000_000)}`;
