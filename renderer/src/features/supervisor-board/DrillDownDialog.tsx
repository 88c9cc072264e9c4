import { useTranslation } from 'react-i18next';
import { useEffect, useState, type ReactNode } from 'react';
import type { BoardCellRef, BoardTrace, CallSummary } from '../../../../shared/contract/schemas/board';
import { callEndReason, type CallEndReason } from '../../../../shared/contract/schemas/calls';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatClock } from '../board-model';
import { Modal } from './Modal';
import { RoutingTrail } from './RoutingTrail';
import { humanError, i18nNow } from '../../i18n';
import { formatCount } from '../../ui/format';
import { shownCalls } from './MetricCell';

const END_REASONS = callEndReason.options as readonly string[];

/** Why a call that was not answered ended, in words (a reason this version does not know is shown as sent). */
function endReasonWord(reason: string): string {
  return END_REASONS.includes(reason) ? i18nNow().t(`drill.endReason.${reason as CallEndReason}`) : reason;
}

/** How the call ended, in words; the disposition (the centre's own list) is shown as stored. */
function outcome(c: CallSummary): ReactNode {
  const t = i18nNow().t;
  if (c.abandonedAt !== null) return t('drill.outcome.abandoned');
  if (c.answeredAt === null) return c.endReason === null ? t('drill.outcome.ringing') : t('drill.outcome.notAnswered', { reason: endReasonWord(c.endReason) });
  if (c.disposition !== null) {
    return (
      <>
        <span translate="no">{c.disposition}</span>
        {c.resolved === true && ` · ${t('drill.outcome.resolved')}`}
      </>
    );
  }
  return c.endedAt === null ? t('drill.outcome.inProgress') : t('drill.outcome.wrapUp');
}

/**
 * The calls behind a number, with their raw timestamps: the number as the server holds it now and
 * the ids of its calls (board.trace, ADR 0042), then those calls (board.calls). The number's formula
 * is shown as traced, so what the list adds up to is on screen even if the board moved on meanwhile.
 */
export function DrillDownDialog({ title, cell, onClose }: { title: string; cell: BoardCellRef; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [trace, setTrace] = useState<BoardTrace | null>(null);
  const [calls, setCalls] = useState<CallSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const traced = await api.call('board.trace', cell);
      if (!live) return;
      if (!traced.ok) return setError(humanError(traced.error));
      setTrace(traced.value);
      if (traced.value.callIds.length === 0) return setCalls([]);
      const r = await api.call('board.calls', { callIds: traced.value.callIds });
      if (!live) return;
      if (r.ok) setCalls(r.value.calls);
      else setError(humanError(r.error));
    })();
    return () => {
      live = false;
    };
  }, [api, cell]);
  return (
    <Modal title={title} onClose={onClose} wide>
      <p className="muted" role="status">
        {trace !== null && calls !== null ? t('drill.behind', { count: trace.callIds.length, shown: shownCalls(trace.callIds.length) }) : error === null && t('drill.loading')}
      </p>
      {trace !== null && (
        <p className="muted drill-formula" translate="no" data-testid="drill-formula">
          {trace.cell.formula}
        </p>
      )}
      <ErrorAlert error={error} />
      {calls !== null && (
        <div className="drill-scroll" tabIndex={0} role="region" aria-label={t('drill.region')}>
          <table className="board-table drill-table">
            <thead>
              <tr>
                {(['call', 'agent', 'queue', 'caller', 'queued', 'offered', 'answered', 'ended', 'wrapUpEnded', 'hold', 'outcome'] as const).map((c) => (
                  <th key={c} scope="col" className={c === 'hold' ? 'num' : undefined}>
                    {t(`drill.column.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => [
                <tr key={c.callId} data-call-id={c.callId}>
                  <th scope="row">
                    <button type="button" className="link" aria-expanded={open === c.callId} title={t('drill.howRouted')} onClick={() => setOpen(open === c.callId ? null : c.callId)}>
                      #{c.callId}
                    </button>
                  </th>
                  <td translate="no">{c.agent ?? '—'}</td>
                  <td translate="no">{c.queue ?? '—'}</td>
                  <td className="clip" translate="no">
                    {c.caller ?? '—'}
                  </td>
                  <td>{formatClock(c.queuedAt)}</td>
                  <td>{formatClock(c.offeredAt)}</td>
                  <td>{formatClock(c.answeredAt)}</td>
                  <td>{formatClock(c.endedAt ?? c.abandonedAt)}</td>
                  <td>{formatClock(c.wrapUpEndedAt)}</td>
                  <td className="num">{c.holdS > 0 ? t('drill.seconds', { value: formatCount(Math.round(c.holdS)) }) : '—'}</td>
                  <td>{outcome(c)}</td>
                </tr>,
                open === c.callId && (
                  <tr key={`${c.callId}-routing`}>
                    <td colSpan={11}>
                      <RoutingTrail callId={c.callId} />
                    </td>
                  </tr>
                ),
              ])}
            </tbody>
          </table>
        </div>
      )}
    </Modal>
  );
}
