import { useEffect, useState } from 'react';
import type { CallSummary } from '../../../../shared/contract/schemas/board';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatClock } from '../board-model';
import { Modal } from './Modal';
import { RoutingTrail } from './RoutingTrail';
import { humanError } from '../../i18n';

function outcome(c: CallSummary): string {
  if (c.abandonedAt !== null) return 'Abandoned';
  if (c.answeredAt === null) return c.endReason === null ? 'Ringing' : `Not answered (${c.endReason})`;
  if (c.disposition !== null) return c.resolved === true ? `${c.disposition} · resolved` : c.disposition;
  return c.endedAt === null ? 'In progress' : 'Wrap-up';
}

/** The calls behind a number, with their raw timestamps (board.calls). */
export function DrillDownDialog({ title, callIds, onClose }: { title: string; callIds: readonly number[]; onClose: () => void }) {
  const api = useApi();
  const [calls, setCalls] = useState<CallSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('board.calls', { callIds: callIds.slice(0, 1000) }).then((r) => {
      if (!live) return;
      if (r.ok) setCalls(r.value.calls);
      else setError(humanError(r.error));
    });
    return () => {
      live = false;
    };
  }, [api, callIds]);
  return (
    <Modal title={title} onClose={onClose} wide>
      <p className="muted" role="status">
        {calls === null && error === null ? 'Loading calls…' : `${callIds.length}${callIds.length >= 1000 ? '+' : ''} calls behind this number.`}
      </p>
      <ErrorAlert error={error} />
      {calls !== null && (
        <div className="drill-scroll" tabIndex={0} role="region" aria-label="Calls">
          <table className="board-table drill-table">
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Agent</th>
                <th scope="col">Queue</th>
                <th scope="col">Caller</th>
                <th scope="col">Queued</th>
                <th scope="col">Offered</th>
                <th scope="col">Answered</th>
                <th scope="col">Ended</th>
                <th scope="col">Wrap-up ended</th>
                <th scope="col" className="num">Hold</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => [
                <tr key={c.callId} data-call-id={c.callId}>
                  <th scope="row">
                    <button type="button" className="link" aria-expanded={open === c.callId} title="How this call was routed" onClick={() => setOpen(open === c.callId ? null : c.callId)}>
                      #{c.callId}
                    </button>
                  </th>
                  <td>{c.agent ?? '—'}</td>
                  <td>{c.queue ?? '—'}</td>
                  <td className="clip">{c.caller ?? '—'}</td>
                  <td>{formatClock(c.queuedAt)}</td>
                  <td>{formatClock(c.offeredAt)}</td>
                  <td>{formatClock(c.answeredAt)}</td>
                  <td>{formatClock(c.endedAt ?? c.abandonedAt)}</td>
                  <td>{formatClock(c.wrapUpEndedAt)}</td>
                  <td className="num">{c.holdS > 0 ? `${Math.round(c.holdS)} s` : '—'}</td>
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
