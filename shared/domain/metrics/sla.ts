import type { MetricName } from './types';

/** Whether a target is a floor (service level ≥ 80%) or a ceiling (AHT ≤ 360 s). */
export type Direction = 'at-least' | 'at-most';

export type Rag = 'green' | 'amber' | 'red' | 'none';

export const METRIC_DIRECTIONS: Partial<Record<MetricName, Direction>> = {
  service_level_pct: 'at-least',
  fcr_pct: 'at-least',
  aht_s: 'at-most',
  agent_frt_s: 'at-most',
  agent_frt_median_s: 'at-most',
  asa_s: 'at-most',
  abandon_pct: 'at-most',
  occupancy_pct: 'at-most',
};

// The amber edge (target × (1 ± band)) is rarely exact in binary: 360 × 1.1 = 396.00000000000006.
// A relative tolerance keeps a value sitting on the edge amber as written.
const EDGE_TOLERANCE = 1e-9;

/** Green meets the target, amber misses it by at most `amberBand` of it, red beyond. */
export function rag(value: number | null, target: number, direction: Direction, amberBand = 0.1): Rag {
  if (value === null) return 'none';
  const slack = Math.abs(target) * EDGE_TOLERANCE;
  if (direction === 'at-least') {
    if (value >= target) return 'green';
    return value >= target * (1 - amberBand) - slack ? 'amber' : 'red';
  }
  if (value <= target) return 'green';
  return value <= target * (1 + amberBand) + slack ? 'amber' : 'red';
}
