import { describe, expect, it } from 'vitest';
import { acwMs, holdMs, inRange, isHandled, talkMs, type HandledLeg } from '../../../shared/domain/metrics/legs';
import { leg, t } from './builders';

function handled(fields: Parameters<typeof leg>[1]): HandledLeg {
  const l = leg(1, fields);
  if (!isHandled(l)) throw new Error('fixture is not handled');
  return l;
}

describe('per-leg talk, hold and ACW', () => {
  it('splits a call into talk, hold and after-call work', () => {
    // answered 0 s, held 30–50 s, ended 100 s, wrap-up ended 130 s
    const l = handled({ answeredAt: t(0), holds: [{ start: t(30), end: t(50) }], endedAt: t(100), wrapUpEndedAt: t(130) });
    expect(holdMs(l)).toBe(20_000); // 50 − 30
    expect(talkMs(l)).toBe(80_000); // 100 − 0 − 20
    expect(acwMs(l)).toBe(30_000); // 130 − 100
  });

  it('runs an open hold until the call ended', () => {
    // held from 60 s and never resumed; the caller hung up at 100 s
    const l = handled({ answeredAt: t(0), holds: [{ start: t(60), end: null }], endedAt: t(100), wrapUpEndedAt: t(110) });
    expect(holdMs(l)).toBe(40_000); // 100 − 60
    expect(talkMs(l)).toBe(60_000); // 100 − 0 − 40
  });

  it('clips holds to the answered–ended span', () => {
    // hold 5 s before answer to 10 s → 0–10 = 10 s; hold 90–120 s on a call ended at 100 s → 10 s
    const l = handled({
      answeredAt: t(0),
      holds: [
        { start: t(-5), end: t(10) },
        { start: t(90), end: t(120) },
        { start: t(150), end: t(160) },
      ],
      endedAt: t(100),
      wrapUpEndedAt: t(100),
    });
    expect(holdMs(l)).toBe(20_000); // 10 + 10 + 0 (the last lies after the end)
    expect(talkMs(l)).toBe(80_000); // 100 − 20
    expect(acwMs(l)).toBe(0);
  });

  it('treats a wrapped-up leg without an end stamp as ended when the wrap-up ended', () => {
    const l = handled({ answeredAt: t(0), endedAt: null, wrapUpEndedAt: t(50) });
    expect(talkMs(l)).toBe(50_000);
    expect(acwMs(l)).toBe(0);
  });

  it('is not a handle until both answered and wrapped up', () => {
    expect(isHandled(leg(1, { answeredAt: t(0), endedAt: t(10) }))).toBe(false);
    expect(isHandled(leg(1, { wrapUpEndedAt: t(10) }))).toBe(false);
  });
});

describe('inRange', () => {
  it('is half-open: from is in, to is out, null never', () => {
    const range = { from: 10, to: 20 };
    expect(inRange(10, range)).toBe(true);
    expect(inRange(19, range)).toBe(true);
    expect(inRange(20, range)).toBe(false);
    expect(inRange(9, range)).toBe(false);
    expect(inRange(null, range)).toBe(false);
  });
});
