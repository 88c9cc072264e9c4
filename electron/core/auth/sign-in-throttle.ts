/**
 * Back-off for password guessing, per extension and per address (ADR 0024). The first
 * FREE_ATTEMPTS failures cost nothing extra; after that each key is locked for a delay that
 * doubles with every further failure, up to MAX_LOCK_MS. Attempts in flight count too, so 50
 * guesses sent at once do not all reach the hash before the first failure is known.
 * A success clears the extension's record (not the address's: one address may serve a whole floor
 * behind NAT, so it gets a larger allowance instead).
 */
export const FREE_ATTEMPTS = { extension: 5, address: 20 } as const;
const FIRST_LOCK_MS = 1_000;
const MAX_LOCK_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 60 * 60_000;

interface Entry {
  failures: number;
  inFlight: number;
  lockedUntil: number;
  lastFailureAt: number;
}

export type ThrottleKey = { kind: 'extension' | 'address'; value: string };

export function createSignInThrottle(now: () => number) {
  const entries = new Map<string, Entry>();
  const id = (k: ThrottleKey) => `${k.kind}:${k.value}`;

  function entry(k: ThrottleKey): Entry {
    const key = id(k);
    let e = entries.get(key);
    if (e !== undefined && e.inFlight === 0 && now() - e.lastFailureAt > FORGET_AFTER_MS) e = undefined;
    if (e === undefined) {
      e = { failures: 0, inFlight: 0, lockedUntil: 0, lastFailureAt: 0 };
      entries.set(key, e);
    }
    return e;
  }

  function lockFor(failures: number, free: number): number {
    return failures < free ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - free));
  }

  return {
    /**
     * Start an attempt: null when it may go ahead (call `settle` afterwards), else the milliseconds
     * to wait. Nothing is counted for a refused attempt, so a locked key's clock is not reset by it.
     */
    begin(keys: readonly ThrottleKey[]): number | null {
      let wait = 0;
      for (const k of keys) {
        const e = entry(k);
        const free = FREE_ATTEMPTS[k.kind];
        wait = Math.max(wait, e.lockedUntil - now());
        // Guesses already in flight would each be a failure: count them before they land.
        if (e.inFlight > 0 && e.failures + e.inFlight >= free) wait = Math.max(wait, lockFor(e.failures + e.inFlight, free));
      }
      if (wait > 0) return wait;
      for (const k of keys) entry(k).inFlight++;
      return null;
    },
    settle(keys: readonly ThrottleKey[], ok: boolean): void {
      for (const k of keys) {
        const e = entry(k);
        e.inFlight = Math.max(0, e.inFlight - 1);
        if (ok) {
          if (k.kind === 'extension') entries.delete(id(k));
          continue;
        }
        e.failures++;
        e.lastFailureAt = now();
        e.lockedUntil = now() + lockFor(e.failures, FREE_ATTEMPTS[k.kind]);
      }
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
