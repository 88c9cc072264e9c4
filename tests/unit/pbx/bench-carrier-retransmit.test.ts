import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retransmitUntilAnswered, T2_MS } from '../../bench/sip-retransmit';

/** The routing-pbx benchmark's carrier resends like a real UDP carrier (RFC 3261 §17.1.1.2 Timer A/B, §17.1.2.2 Timer E/F). */
describe('the benchmark carrier’s RFC 3261 retransmissions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Moments (ms after the first send) at which copies went out. */
  function copiesUntil(ms: number, options: Parameters<typeof retransmitUntilAnswered>[1], stopAt?: number): number[] {
    const at: number[] = [];
    const start = Date.now();
    const r = retransmitUntilAnswered(() => at.push(Date.now() - start), options);
    if (stopAt !== undefined) setTimeout(() => r.stop(), stopAt);
    vi.advanceTimersByTime(ms);
    expect(r.sent).toBe(at.length);
    return at;
  }

  it('resends an INVITE after T1 = 500 ms and then at doubling intervals', () => {
    expect(copiesUntil(8_000, {})).toEqual([500, 1_500, 3_500, 7_500]);
  });

  it('stops resending once a response (provisional or final) has stopped it', () => {
    expect(copiesUntil(20_000, {}, 1_600)).toEqual([500, 1_500]);
  });

  it('gives up after 64·T1 (Timer B) even without any response', () => {
    const at = copiesUntil(120_000, {});
    expect(at).toEqual([500, 1_500, 3_500, 7_500, 15_500, 31_500]);
    expect(Math.max(...at)).toBeLessThanOrEqual(32_000);
  });

  it('caps a non-INVITE request’s interval at T2 = 4 s (Timer E)', () => {
    expect(copiesUntil(16_000, { capMs: T2_MS })).toEqual([500, 1_500, 3_500, 7_500, 11_500, 15_500]);
  });
});
