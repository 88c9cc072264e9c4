import { humanError } from '../../i18n';
import type { ContractError } from '../../../../shared/contract/result';
import type { BoardStatus } from '../board-model';
import { formatClock } from '../board-model';

const WORDS: Record<BoardStatus, string> = {
  idle: 'Not connected',
  syncing: 'Catching up…',
  live: 'Live',
  offline: 'Connection lost — reconnecting…',
  error: 'Board unavailable',
};

/** Live, catching up or disconnected, and when the board last changed. */
export function BoardStatusLine({ status, updatedAt, error }: { status: BoardStatus; updatedAt: number | null; error: ContractError | null }) {
  return (
    <p className={`board-status board-status-${status}`} role="status" data-testid="board-status" data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {WORDS[status]}
      {status === 'error' && error !== null && `: ${humanError(error)}`}
      <span className="muted"> · updated {formatClock(updatedAt)}</span>
    </p>
  );
}
