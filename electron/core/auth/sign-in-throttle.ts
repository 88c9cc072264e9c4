/**
 * Back-off for password guessing (ADR 0024, keys since ADR 0057's session: issue N3). Three keys:
 * - `pair`, one extension from one address: the tight one (one person's wrong passwords);
 * - `extension`, from any address: looser, so guessing one account from many addresses stays slow;
 * - `address`, any extension: looser still, and only for extensions that have not signed in from
 *   that address before, so a guesser spraying extensions behind a shared address (browser mode on
 *   127.0.0.1, a NAT'd floor) is slowed without locking out the agents who work there.
 * The first free failures of a key cost nothing extra; after that it is locked for a delay that
 * doubles with every further failure, up to MAX_LOCK_MS. Attempts in flight count too, so 50
 * guesses sent at once do not all reach the hash before the first failure is known. A success
 * clears its pair and its extension (not the address) and marks the pair as known.
 */
export const FREE_ATTEMPTS = { pair: 5, extension: 10, address: 50 } as const;
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

export type ThrottleKey = { kind: 'pair' | 'extension' | 'address'; value: string };

/** Pairs that signed in are remembered this long (and at most this many): their address's cap does not apply to them. */
const KNOWN_PAIR_MS = 30 * 86_400_000;
const MAX_KNOWN_PAIRS = 20_000;

/** The keys one attempt counts against; the address key only for a pair not known to sign in from there. */
export function throttleKeys(extension: string, address: string | null, known: boolean): ThrottleKey[] {
  const ext = extension.toLowerCase();
  const addr = address ?? 'in-process';
  const keys: ThrottleKey[] = [
    { kind: 'pair', value: `${ext}|${addr}` },
    { kind: 'extension', value: ext },
  ];
  if (!known) keys.push({ kind: 'address', value: addr });
  return keys;
}

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

  /** `pair` key value → last good sign-in (insertion order: oldest first). */
  const knownPairs = new Map<string, number>();

  return {
    /** Whether this extension signed in from this address lately (then the address's cap does not apply). */
    isKnownPair(extension: string, address: string | null): boolean {
      const key = (throttleKeys(extension, address, true)[0] as ThrottleKey).value;
      const at = knownPairs.get(key);
      return at !== undefined && now() - at <= KNOWN_PAIR_MS;
    },
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
          if (k.kind !== 'address') entries.delete(id(k));
          if (k.kind === 'pair') {
            knownPairs.delete(k.value);
            knownPairs.set(k.value, now());
            if (knownPairs.size > MAX_KNOWN_PAIRS) knownPairs.delete(knownPairs.keys().next().value as string);
          }
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
