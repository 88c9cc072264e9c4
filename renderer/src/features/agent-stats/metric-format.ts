import type { ScoredMetric } from '../../../../shared/contract/schemas/metrics';
import { i18nNow } from '../../i18n';
import type { enGB } from '../../i18n/en-GB';
import { formatDecimal, formatPercent } from '../../ui/format';
import { liveLabels } from '../../ui/live-labels';

type Labelled = keyof typeof enGB.stats.metric;
const LABELLED = ['aht_s', 'agent_frt_s', 'agent_frt_median_s', 'fcr_pct', 'handled', 'missed', 'declined', 'occupancy_pct', 'asa_s', 'service_level_pct', 'abandon_pct', 'talk_s', 'hold_s', 'acw_s'] as const satisfies readonly Labelled[];

/** A metric's name as people read it, from the catalogue (stats.metric.*). */
export const METRIC_LABEL: Readonly<Record<Labelled, string>> = liveLabels(LABELLED, (m) => i18nNow().t(`stats.metric.${m}`));

/** A metric's value as people read it: seconds as m:ss, percentages with one decimal, counts as is (Intl, the user's locale). */
export function formatMetric(m: Pick<ScoredMetric, 'metric' | 'value'>): string {
  if (m.value === null) return '—';
  if (m.metric.endsWith('_pct')) return formatPercent(m.value);
  if (m.metric.endsWith('_s')) {
    const s = Math.round(m.value);
    return s < 60 ? `${formatDecimal(m.value)} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
  return formatDecimal(m.value, 0);
}

export function formatTarget(m: ScoredMetric): string | null {
  if (m.target === null) return null;
  const sign = m.target.direction === 'at-least' ? '≥' : '≤';
  return i18nNow().t('board.target', { value: `${sign} ${formatMetric({ metric: m.metric, value: m.target.target })}` });
}
