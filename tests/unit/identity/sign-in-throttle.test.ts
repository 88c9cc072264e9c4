import { describe, expect, it } from 'vitest';
import { createSignInThrottle, FREE_ATTEMPTS, throttleKeys } from '../../../electron/core/auth/sign-in-throttle';

const SHARED = '127.0.0.1';

function setup() {
  let clock = 1_000_000;
  const throttle = createSignInThrottle(() => clock);
  /** One attempt, settled at once: 'ok' | 'wrong' | 'locked'. */
  const attempt = (extension: string, address: string, right: boolean) => {
    const keys = throttleKeys(extension, address, throttle.isKnownPair(extension, address));
    if (throttle.begin(keys) !== null) return 'locked';
    throttle.settle(keys, right);
    return right ? 'ok' : 'wrong';
  };
  return { throttle, attempt, advance: (ms: number) => (clock += ms) };
}

describe('the sign-in throttle behind one shared address', () => {
  it("locks one person's extension after their wrong passwords, never the other desks on that address (a floor's typos add up past any per-address allowance)", () => {
    const { attempt, advance } = setup();
    const floor = Array.from({ length: 40 }, (_, i) => String(2100 + i));
    for (const ext of floor) expect(attempt(ext, SHARED, true)).toBe('ok');
    // Every agent on 127.0.0.1 mistypes twice in the morning: 80 failures from one address.
    for (const ext of floor) {
      for (let n = 0; n < 2; n++) expect(attempt(ext, SHARED, false)).toBe('wrong');
      advance(30_000);
    }
    expect(floor.length * 2).toBeGreaterThan(FREE_ATTEMPTS.address);
    // One of them keeps at it, waiting out each lock.
    for (let i = 0; i < 50; i++) {
      attempt('2100', SHARED, false);
      advance(5_000);
    }
    expect(attempt('2100', SHARED, true)).toBe('locked');
    // Everyone else signs in, and so does a colleague new to this address.
    for (const ext of floor.slice(1)) expect(attempt(ext, SHARED, true)).toBe('ok');
    expect(attempt('2199', SHARED, true)).toBe('ok');
  });

  it('keeps guessing slow: five failures lock a pair, ten lock an extension from any address, and spraying new extensions locks the address for them', () => {
    const { attempt } = setup();
    for (let i = 0; i < FREE_ATTEMPTS.pair; i++) expect(attempt('3001', '198.51.100.1', false)).toBe('wrong');
    expect(attempt('3001', '198.51.100.1', false)).toBe('locked');
    // From other addresses the account still locks: after the extension's allowance in all.
    const outcomes = Array.from({ length: 10 }, (_, i) => attempt('3001', `198.51.100.${10 + i}`, false));
    expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(FREE_ATTEMPTS.extension - FREE_ATTEMPTS.pair);
    expect(outcomes.at(-1)).toBe('locked');
    // A sprayer trying a new extension each time from one address: locked after the address's allowance.
    const sprayed = Array.from({ length: FREE_ATTEMPTS.address + 5 }, (_, i) => attempt(`40${String(i).padStart(2, '0')}`, '203.0.113.9', false));
    expect(sprayed.filter((o) => o === 'wrong')).toHaveLength(FREE_ATTEMPTS.address);
    expect(sprayed.at(-1)).toBe('locked');
  });

  it('counts parallel guesses in flight: no more than the pair allowance reach the hash at once', () => {
    const { throttle } = setup();
    const keys = throttleKeys('3002', SHARED, false);
    const started = Array.from({ length: 50 }, () => throttle.begin(keys)).filter((w) => w === null);
    expect(started).toHaveLength(FREE_ATTEMPTS.pair);
  });
});
