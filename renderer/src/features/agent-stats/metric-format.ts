import type { ScoredMetric } from '../../../../shared/contract/schemas/metrics';

export const METRIC_LABEL: Record<string, string> = {
  aht_s: 'AHT',
  agent_frt_s: 'FRT (mean)',
  agent_frt_median_s: 'FRT (median)',
  fcr_pct: 'FCR',
  handled: 'Handled',
  missed: 'Missed',
  declined: 'Declined',
  occupancy_pct: 'Occupancy',
  asa_s: 'ASA',
  service_level_pct: 'Service level',
  abandon_pct: 'Abandoned',
  talk_s: 'Talk',
  hold_s: 'Hold',
  acw_s: 'After-call work',
};

/** A metric's value as people read it: seconds as m:ss, percentages with one decimal, counts as is. */
export function formatMetric(m: Pick<ScoredMetric, 'metric' | 'value'>): string {
  if (m.value === null) return '—';
  if (m.metric.endsWith('_pct')) return `${m.value.toFixed(1)}%`;
  if (m.metric.endsWith('_s')) {
    const s = Math.round(m.value);
    return s < 60 ? `${m.value.toFixed(1)} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
  return String(m.value);
}

export function formatTarget(m: ScoredMetric): string | null {
  if (m.target === null) return null;
  const sign = m.target.direction === 'at-least' ? '≥' : '≤';
  return `target ${sign} ${formatMetric({ metric: m.metric, value: m.target.target })}`;
}
