import { describe, expect, it } from 'vitest';
import { intervalSeries } from '../../../shared/domain/metrics/trend';
import { input, leg, t } from './builders';

// 0–2400 s in 30-minute buckets: [0, 1800) and the partial [1800, 2400).
const range = { from: t(0), to: t(2400) };
const legs = [
  // waits 4 s; wrap-up ends at 400 s → handled in bucket 0
  leg(1, { queuedAt: t(100), offeredAt: t(100), answeredAt: t(104), endedAt: t(300), wrapUpEndedAt: t(400) }),
  // waits 10 s (answered in bucket 0); wrap-up ends at 1850 s → handled in bucket 1
  leg(2, { queuedAt: t(1700), offeredAt: t(1700), answeredAt: t(1710), endedAt: t(1790), wrapUpEndedAt: t(1850) }),
  // agent 2, waits 30 s: misses the 20 s service level
  leg(3, { agentId: 2, queuedAt: t(1900), offeredAt: t(1900), answeredAt: t(1930), endedAt: t(2000), wrapUpEndedAt: t(2100) }),
  // abandoned after 2 s: met under the default treatment (abandoned within Y)
  leg(4, { queuedAt: t(2000), offeredAt: t(2000), abandonedAt: t(2002) }),
];

describe('intervalSeries', () => {
  it('computes each bucket with the same definitions as the totals', () => {
    expect(intervalSeries(input(legs, { range }), { kind: 'all' }, 1_800_000)).toEqual([
      // FRT 4 and 10 s: mean 7 s, median (4 + 10) / 2 = 7 s; SL 2 / 2; contacts 1, 2 queued; handled leg 1
      { start: t(0), frtMeanS: 7, frtMedianS: 7, serviceLevelPct: 100, offered: 2, handled: 1 },
      // FRT 30 s; SL: 3 failed, 4 met → 1 / 2 = 50%; contacts 3, 4 queued; handled legs 2, 3
      { start: t(1800), frtMeanS: 30, frtMedianS: 30, serviceLevelPct: 50, offered: 2, handled: 2 },
    ]);
  });

  it('counts as offered to agents the contacts that rang one of them', () => {
    const series = intervalSeries(input(legs, { range }), { kind: 'agents', agentIds: new Set([2]) }, 1_800_000);
    expect(series.map((p) => p.offered)).toEqual([0, 1]);
    expect(series[0]).toMatchObject({ frtMeanS: null, serviceLevelPct: null, handled: 0 });
  });

  it('refuses a bucket that is not positive', () => {
    expect(() => intervalSeries(input(legs, { range }), { kind: 'all' }, 0)).toThrow(RangeError);
  });
});
