import { describe, expect, it } from 'vitest';
import { frtMetrics, handleMetrics, unansweredMetrics } from '../../../shared/domain/metrics/agent-metrics';
import { HOUR_ONE, leg, t } from './builders';

const HOUR_TWO = { from: t(3600), to: t(7200) };

// Hour one is 0–3600 s.
const handles = [
  // talk 400 − 110 − 60 = 230, hold 260 − 200 = 60, ACW 430 − 400 = 30 → handle 320 s
  leg(1, { offeredAt: t(100), answeredAt: t(110), holds: [{ start: t(200), end: t(260) }], endedAt: t(400), wrapUpEndedAt: t(430) }),
  // talk 1200 − 1004 = 196, hold 0, ACW 1260 − 1200 = 60 → handle 256 s
  leg(2, { offeredAt: t(1000), answeredAt: t(1004), endedAt: t(1200), wrapUpEndedAt: t(1260) }),
  // answered in the hour before; wrap-up ended at 70 s, so it is stamped in hour one:
  // talk 50 − (−100) = 150, ACW 70 − 50 = 20 → handle 170 s
  leg(3, { offeredAt: t(-120), answeredAt: t(-100), endedAt: t(50), wrapUpEndedAt: t(70) }),
  // hold 3500–3700 s spans the end of hour one; wrap-up ends at 3900 s (hour two):
  // talk 3800 − 3300 − 200 = 300, hold 200, ACW 3900 − 3800 = 100 → handle 600 s, all in hour two
  leg(4, { offeredAt: t(3290), answeredAt: t(3300), holds: [{ start: t(3500), end: t(3700) }], endedAt: t(3800), wrapUpEndedAt: t(3900) }),
  // no wrap-up yet: not handled
  leg(5, { offeredAt: t(1990), answeredAt: t(2000), endedAt: t(2100) }),
  // outbound: never a handle
  leg(6, { direction: 'outbound', answeredAt: t(500), endedAt: t(600), wrapUpEndedAt: t(620) }),
];

describe('handleMetrics', () => {
  it('averages talk, hold, ACW and AHT over legs whose wrap-up ended in the range', () => {
    const m = handleMetrics(handles, HOUR_ONE);
    // handled: legs 1, 2, 3
    expect(m.handled).toMatchObject({ value: 3, numerator: 3, denominator: 1, callIds: [1, 2, 3] });
    // talk 230 + 196 + 150 = 576 s / 3 = 192 s
    expect(m.talk_s).toMatchObject({ value: 192, numerator: 576_000, denominator: 3 });
    // hold 60 + 0 + 0 = 60 s / 3 = 20 s
    expect(m.hold_s).toMatchObject({ value: 20, numerator: 60_000, denominator: 3 });
    // ACW 30 + 60 + 20 = 110 s / 3
    expect(m.acw_s).toMatchObject({ value: 110_000 / 3 / 1000, numerator: 110_000 });
    // AHT 320 + 256 + 170 = 746 s / 3 = 248.67 s
    expect(m.aht_s).toMatchObject({ value: 746_000 / 3 / 1000, numerator: 746_000, denominator: 3, callIds: [1, 2, 3] });
    expect(m.aht_s.formula).toBe('AHT = Σ(talk + hold + ACW) / handled = 746.0 s / 3 = 248.7 s');
  });

  it('counts a hold that spans the end of an interval whole in the interval where the wrap-up ended', () => {
    const m = handleMetrics(handles, HOUR_TWO);
    // only leg 4: hold 200 s (100 s of it fell in hour one), AHT 600 s
    expect(m.handled.value).toBe(1);
    expect(m.hold_s.value).toBe(200);
    expect(m.aht_s).toMatchObject({ value: 600, numerator: 600_000, denominator: 1, callIds: [4] });
  });

  it('leaves a call still in wrap-up out of the handles', () => {
    const m = handleMetrics([handles[4]!], HOUR_ONE);
    expect(m.handled.value).toBe(0);
    expect(m.aht_s).toMatchObject({ value: null, numerator: 0, denominator: 0, callIds: [] });
  });
});

describe('frtMetrics', () => {
  const answered = (id: number, offered: number, answeredAfterMs: number) =>
    leg(id, { offeredAt: t(offered), answeredAt: t(offered) + answeredAfterMs });

  it('gives the mean and the middle value of an odd count of answer times', () => {
    // waits 4, 10, 7 s: mean 21 / 3 = 7 s; sorted 4, 7, 10 → median 7 s
    const m = frtMetrics([answered(1, 0, 4000), answered(2, 100, 10_000), answered(3, 200, 7000)], HOUR_ONE);
    expect(m.agent_frt_s).toMatchObject({ value: 7, numerator: 21_000, denominator: 3 });
    expect(m.agent_frt_median_s).toMatchObject({ value: 7, numerator: 7000, denominator: 3, callIds: [1, 2, 3] });
  });

  it('averages the middle two of an even count, keeping a half millisecond', () => {
    // waits 4, 10, 7, 12 s: mean 33 / 4 = 8.25 s; sorted 4, 7, 10, 12 → (7 + 10) / 2 = 8.5 s
    const even = frtMetrics([answered(1, 0, 4000), answered(2, 100, 10_000), answered(3, 200, 7000), answered(4, 300, 12_000)], HOUR_ONE);
    expect(even.agent_frt_s.value).toBe(8.25);
    expect(even.agent_frt_median_s).toMatchObject({ value: 8.5, numerator: 8500, denominator: 4 });
    // waits 1001 and 1002 ms → (1001 + 1002) / 2 = 1001.5 ms
    const half = frtMetrics([answered(1, 0, 1001), answered(2, 100, 1002)], HOUR_ONE);
    expect(half.agent_frt_median_s).toMatchObject({ value: 1.0015, numerator: 1001.5 });
  });

  it('counts inbound legs answered in the range by an agent, whenever they were offered', () => {
    const m = frtMetrics(
      [
        answered(1, -5, 8000), // offered before the hour, answered at 3 s: counted, 8 s
        answered(2, 3595, 6000), // answered at 3601 s: next hour
        leg(3, { offeredAt: t(10), answeredAt: t(20), direction: 'outbound' }),
        leg(4, { offeredAt: t(10), answeredAt: t(20), agentId: null }),
        leg(5, { offeredAt: t(10), unanswered: 'missed' }),
      ],
      HOUR_ONE,
    );
    expect(m.agent_frt_s).toMatchObject({ value: 8, denominator: 1, callIds: [1] });
  });

  it('has no median without answered legs', () => {
    expect(frtMetrics([], HOUR_ONE).agent_frt_median_s).toMatchObject({ value: null, numerator: 0, denominator: 0 });
  });
});

describe('unansweredMetrics', () => {
  it('splits offers in the range that were not answered into rang out and declined', () => {
    const m = unansweredMetrics(
      [
        leg(1, { offeredAt: t(10), unanswered: 'missed' }),
        leg(2, { offeredAt: t(20), unanswered: 'missed' }),
        leg(3, { offeredAt: t(30), unanswered: 'declined' }),
        leg(4, { offeredAt: t(-30), unanswered: 'missed' }), // offered before the hour
        leg(5, { offeredAt: t(40), abandonedAt: t(45) }), // the caller hung up: neither
      ],
      HOUR_ONE,
    );
    expect(m.missed).toMatchObject({ value: 2, callIds: [1, 2] });
    expect(m.declined).toMatchObject({ value: 1, callIds: [3] });
  });
});
