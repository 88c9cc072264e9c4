import { describe, expect, it } from 'vitest';
import { MISSED_CALLS_REASON, presenceFor, restingAfterMiss, trustedEventTime } from '../../shared/domain/agent-activity';

const available = { state: 'available' as const, reason: null };

describe('presence follows the calls', () => {
  it('is on call while any leg is talking, even with another ringing (call waiting)', () => {
    expect(presenceFor(['ringing', 'talking'], available).state).toBe('on-call');
    expect(presenceFor(['ringing', 'wrap-up'], available).state).toBe('ringing');
    expect(presenceFor(['wrap-up'], available).state).toBe('wrap-up');
    expect(presenceFor([], { state: 'break', reason: 'Lunch' })).toEqual({ state: 'break', reason: 'Lunch' });
  });

  it('goes on a break after N missed calls in a row, else back where it was', () => {
    expect(restingAfterMiss(available, 1, 2)).toBe(available);
    expect(restingAfterMiss(available, 2, 2)).toEqual({ state: 'break', reason: MISSED_CALLS_REASON });
  });
});

describe('reported event times', () => {
  const now = 1_000_000_000;
  it('keeps a time from the recent past (a replay after a reconnect)', () => expect(trustedEventTime(now - 60_000, now, null)).toBe(now - 60_000));
  it('never accepts a time in the server future', () => expect(trustedEventTime(now + 5, now, null)).toBe(now));
  it('replaces an absurdly old time with now', () => expect(trustedEventTime(now - 13 * 3600_000, now, null)).toBe(now));
  it('keeps a call’s events in order', () => expect(trustedEventTime(now - 10, now, now - 5)).toBe(now - 5));
});
