import { useTranslation } from 'react-i18next';
import { useId } from 'react';
import type { ScoredMetric } from '../../../../shared/contract/schemas/metrics';
import { formatCount } from '../../ui/format';
import { formatMetric, formatTarget, METRIC_LABEL } from './metric-format';

/** One number against its target, coloured red/amber/green; hover or focus shows the formula with today's numbers. */
export function MetricTile({ metric: m }: { metric: ScoredMetric }) {
  const { t } = useTranslation();
  const formulaId = useId();
  const target = formatTarget(m);
  return (
    <div className={`metric-tile rag-${m.rag}`} tabIndex={0} aria-describedby={formulaId} data-metric={m.metric}>
      <span className="metric-label">{METRIC_LABEL[m.metric] ?? m.metric}</span>
      <span className="metric-value">
        {formatMetric(m)}
        {m.provisional === true && m.value !== null && <abbr title={t('stats.provisional')}>*</abbr>}
      </span>
      {target !== null && (
        <span className="metric-target">
          {target}
          {m.rag !== 'none' && <span className="sr-only"> — {t(`board.rag.${m.rag}`)}</span>}
        </span>
      )}
      <span role="tooltip" id={formulaId} className="metric-formula">
        <span translate="no">{m.formula}</span>
        {m.callIds.length > 0 && ` · ${t('board.calls', { count: m.callIds.length, shown: `${formatCount(m.callIds.length)}${m.callIds.length >= 1000 ? '+' : ''}` })}`}
      </span>
    </div>
  );
}
