import { describe, expect, it } from 'vitest';
import { groupContacts } from '../../../shared/domain/metrics/contacts';
import { abandonResult, asaResult, serviceLevelResult } from '../../../shared/domain/metrics/queue-metrics';
import { DEFAULT_METRIC_SETTINGS, type AbandonTreatment, type MetricSettings } from '../../../shared/domain/metrics/types';
import { HOUR_ONE, leg, t } from './builders';

// Y = 20 s, Z = 5 s throughout.
const settings = (abandonTreatment: AbandonTreatment, excludeShortAbandonsFromAbandonRate = true): MetricSettings => ({
  ...DEFAULT_METRIC_SETTINGS,
  serviceLevelThresholdS: 20,
  shortAbandonS: 5,
  abandonTreatment,
  excludeShortAbandonsFromAbandonRate,
});

const answered = (id: number, queued: number, waitMs: number) => leg(id, { queuedAt: t(queued), offeredAt: t(queued), answeredAt: t(queued) + waitMs });
const abandoned = (id: number, queued: number, waitMs: number) => leg(id, { queuedAt: t(queued), offeredAt: t(queued), abandonedAt: t(queued) + waitMs });

describe('asaResult', () => {
  it('averages answered − queued over contacts answered in the range', () => {
    const contacts = groupContacts([
      answered(1, 0, 15_000), // 15 s
      answered(2, 100, 20_000), // 20 s
      answered(3, -10, 15_000), // queued before the hour, answered at 5 s: counted, 15 s
      answered(4, 3590, 30_000), // answered in the next hour
      // one contact: rang out at agent 1, then agent 2 answered at 2025 s → 2025 − 2000 = 25 s
      leg(5, { contactKey: 'q5', queuedAt: t(2000), offeredAt: t(2000), unanswered: 'missed' }),
      leg(6, { contactKey: 'q5', queuedAt: t(2000), offeredAt: t(2015), answeredAt: t(2025) }),
      // its transfer, answered at 2300 s, does not count again
      leg(7, { contactKey: 'q5', transferredFromLegId: 6, offeredAt: t(2290), answeredAt: t(2300) }),
    ]);
    const asa = asaResult(contacts, HOUR_ONE);
    // (15 + 20 + 15 + 25) / 4 = 75 / 4 = 18.75 s
    expect(asa).toMatchObject({ value: 18.75, numerator: 75_000, denominator: 4, callIds: [1, 2, 3, 5, 6, 7] });
  });
});

describe('serviceLevelResult', () => {
  // Answered in 20 s exactly (met: inclusive), answered in 21 s (failed), abandoned at exactly 20 s.
  const atY = groupContacts([answered(1, 0, 20_000), answered(2, 10, 21_000), abandoned(3, 20, 20_000)]);

  it('counts an abandon at exactly Y as met when abandons within Y count as met', () => {
    // met: 1 (20 ≤ 20) and 3 (abandoned 20 ≤ 20) → 2 / 3
    expect(serviceLevelResult(atY, HOUR_ONE, settings('met-if-within-threshold'))).toMatchObject({ numerator: 2, denominator: 3, value: 200 / 3 });
  });

  it('counts an abandon at exactly Y as failed when only short abandons are excluded or every abandon fails', () => {
    // 20 s is not under Z = 5 s, so it stays in and fails: met 1 / 3
    expect(serviceLevelResult(atY, HOUR_ONE, settings('exclude-short'))).toMatchObject({ numerator: 1, denominator: 3 });
    expect(serviceLevelResult(atY, HOUR_ONE, settings('failed'))).toMatchObject({ numerator: 1, denominator: 3 });
  });

  // Answered in 15 s, abandoned at exactly Z = 5 s, abandoned 1 ms under Z, and one still waiting.
  const atZ = groupContacts([answered(1, 0, 15_000), abandoned(2, 10, 5000), abandoned(3, 20, 4999), leg(4, { queuedAt: t(30), offeredAt: t(30) })]);

  it('drops an abandon just under Z but keeps one at exactly Z under exclude-short', () => {
    // counted: 1 (met), 2 (5 s, not < 5 s: failed); 3 (4.999 s) left out; 4 waiting → 1 / 2 = 50%
    const sl = serviceLevelResult(atZ, HOUR_ONE, settings('exclude-short'));
    expect(sl).toMatchObject({ numerator: 1, denominator: 2, value: 50, callIds: [1, 2] });
    expect(sl.formula).toBe('service level = answered within 20 s / (answered + abandoned after ≥ 5 s) = 1 / 2 = 50.0%');
  });

  it('leaves contacts still waiting out of every treatment', () => {
    // met-if-within-threshold: 1, 2, 3 all met → 3 / 3; failed: 1 / 3
    expect(serviceLevelResult(atZ, HOUR_ONE, settings('met-if-within-threshold'))).toMatchObject({ numerator: 3, denominator: 3 });
    expect(serviceLevelResult(atZ, HOUR_ONE, settings('failed'))).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('counts contacts by when they were queued, not when they were answered', () => {
    // queued at −10 s, answered at 5 s: outside hour one's service level; queued at 3590 s: inside
    const contacts = groupContacts([answered(1, -10, 15_000), answered(2, 3590, 30_000)]);
    expect(serviceLevelResult(contacts, HOUR_ONE, settings('failed'))).toMatchObject({ numerator: 0, denominator: 1, value: 0, callIds: [2] });
  });
});

describe('abandonResult', () => {
  // Same four contacts: answered, abandoned at 5 s, abandoned at 4.999 s, waiting.
  const contacts = groupContacts([answered(1, 0, 15_000), abandoned(2, 10, 5000), abandoned(3, 20, 4999), leg(4, { queuedAt: t(30), offeredAt: t(30) })]);

  it('leaves abandons under Z out of numerator and denominator when so set, counting waiting contacts', () => {
    // numerator: contact 2; denominator: 1, 2, 4 (3 is short) → 1 / 3 = 33.3%
    const rate = abandonResult(contacts, HOUR_ONE, settings('exclude-short', true));
    expect(rate).toMatchObject({ numerator: 1, denominator: 3, value: 100 / 3, callIds: [1, 2, 4] });
  });

  it('counts every abandon when short ones are not excluded', () => {
    // numerator: 2, 3; denominator: all 4 → 50%
    expect(abandonResult(contacts, HOUR_ONE, settings('exclude-short', false))).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
  });
});
