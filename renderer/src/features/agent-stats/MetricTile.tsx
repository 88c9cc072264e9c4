import { useId } from 'react';
import type { ScoredMetric } from '../../../../shared/contract/schemas/metrics';
import { formatMetric, formatTarget, METRIC_LABEL } from './metric-format';

const RAG_WORD = { green: 'on target', amber: 'near target', red: 'off target', none: '' } as const;

/** One number against its target, coloured red/amber/green; hover or focus shows the formula with today's numbers. */
export function MetricTile({ metric: m }: { metric: ScoredMetric }) {
  const formulaId = useId();
  const target = formatTarget(m);
  return (
    <div className={`metric-tile rag-${m.rag}`} tabIndex={0} aria-describedby={formulaId} data-metric={m.metric}>
      <span className="metric-label">{METRIC_LABEL[m.metric] ?? m.metric}</span>
      <span className="metric-value">
        {formatMetric(m)}
        {m.provisional === true && m.value !== null && <abbr title="Provisional: the repeat-contact window has not closed yet">*</abbr>}
      </span>
      {target !== null && (
        <span className="metric-target">
          {target}
          {m.rag !== 'none' && <span className="sr-only"> — {RAG_WORD[m.rag]}</span>}
        </span>
      )}
      <span role="tooltip" id={formulaId} className="metric-formula">
        {m.formula}
        {m.callIds.length > 0 && ` · ${m.callIds.length}${m.callIds.length >= 1000 ? '+' : ''} calls`}
      </span>
    </div>
  );
}
