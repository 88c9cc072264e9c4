import { describe, expect, it } from 'vitest';
import { METRIC_DIRECTIONS, rag } from '../../../shared/domain/metrics/sla';

describe('rag', () => {
  it('grades a floor: at the target green, down to 10% under it amber, below that red', () => {
    // service level ≥ 80%: amber edge 80 × 0.9 = 72
    expect(rag(80, 80, 'at-least')).toBe('green');
    expect(rag(79.99, 80, 'at-least')).toBe('amber');
    expect(rag(72, 80, 'at-least')).toBe('amber');
    expect(rag(71.99, 80, 'at-least')).toBe('red');
  });

  it('grades a ceiling: at the target green, up to 10% over it amber, above that red', () => {
    // AHT ≤ 360 s: amber edge 360 × 1.1 = 396 (396.00000000000006 in binary)
    expect(rag(360, 360, 'at-most')).toBe('green');
    expect(rag(360.01, 360, 'at-most')).toBe('amber');
    expect(rag(396, 360, 'at-most')).toBe('amber');
    expect(rag(396.01, 360, 'at-most')).toBe('red');
    // FRT ≤ 20 s: amber up to 22 s
    expect(rag(22, 20, 'at-most')).toBe('amber');
    expect(rag(22.001, 20, 'at-most')).toBe('red');
  });

  it('takes the amber band as a parameter and shows nothing for a missing value', () => {
    // occupancy ≤ 85% with a 5% band: amber up to 85 × 1.05 = 89.25
    expect(rag(89.25, 85, 'at-most', 0.05)).toBe('amber');
    expect(rag(89.26, 85, 'at-most', 0.05)).toBe('red');
    expect(rag(null, 85, 'at-most')).toBe('none');
  });

  it('knows which way each targeted metric points', () => {
    expect(METRIC_DIRECTIONS).toEqual({
      service_level_pct: 'at-least',
      fcr_pct: 'at-least',
      aht_s: 'at-most',
      agent_frt_s: 'at-most',
      agent_frt_median_s: 'at-most',
      asa_s: 'at-most',
      abandon_pct: 'at-most',
      occupancy_pct: 'at-most',
    });
  });
});
