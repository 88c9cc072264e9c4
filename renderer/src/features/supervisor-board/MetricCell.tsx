import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardCell } from '../../../../shared/contract/schemas/board';
import { formatCount } from '../../ui/format';
import { formatCell, formatCellTarget, RAG_WORD, type CellMetric } from '../board-model';
import { cellRef, useDrill, type CellPlace } from './drill-context';

/** "12", or "1,000+" when the list of calls was cut at 1,000. */
export function shownCalls(calls: number): string {
  return `${formatCount(calls)}${calls >= 1000 ? '+' : ''}`;
}

/**
 * One board number, coloured red/amber/green against its target. Hover or focus shows the
 * formula (the core's own text, kept as data); with calls behind it (and a supervisor looking)
 * it is a button that lists them: `board.trace` fetches them when it is pressed (ADR 0042).
 */
export function MetricCell({ metric, cell, title, place }: { metric: CellMetric; cell: BoardCell; title: string; place: CellPlace }) {
  const { t } = useTranslation();
  const tipId = useId();
  const drill = useDrill();
  const text = formatCell(metric, cell);
  const target = formatCellTarget(metric, cell);
  const calls = cell.calls;
  const rag = cell.rag !== 'none' && cell.value !== null ? <span className="sr-only"> ({RAG_WORD[cell.rag]})</span> : null;
  const shared = { 'data-metric': metric, 'data-value': cell.value ?? '', 'data-rag': cell.rag };
  if (drill === null) {
    return (
      <span className={`board-cell rag-text-${cell.rag}`} {...shared}>
        {text}
        {rag}
      </span>
    );
  }
  return (
    <span className={`board-cell rag-text-${cell.rag}`} {...shared}>
      {calls > 0 ? (
        <button type="button" className="cell-button" aria-describedby={tipId} onClick={() => drill(title, cellRef(place, metric))}>
          {text}
          {rag}
          <span className="sr-only">, {t('board.showCalls', { count: calls, shown: shownCalls(calls) })}</span>
        </button>
      ) : (
        <span className="cell-static" tabIndex={0} aria-describedby={tipId}>
          {text}
          {rag}
        </span>
      )}
      <span role="tooltip" id={tipId} className="cell-formula">
        <span translate="no">{cell.formula}</span>
        {target !== null && ` · ${target}`}
        {cell.provisional === true && ` · ${t('board.provisional')}`}
        {calls > 0 && ` · ${t('board.calls', { count: calls, shown: shownCalls(calls) })}`}
      </span>
    </span>
  );
}
