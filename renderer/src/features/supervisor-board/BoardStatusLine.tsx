import { useTranslation } from 'react-i18next';
import { humanError } from '../../i18n';
import type { ContractError } from '../../../../shared/contract/result';
import type { BoardStatus } from '../board-model';
import { formatClock } from '../board-model';

/** Live, catching up or disconnected, and when the board last changed. */
export function BoardStatusLine({ status, updatedAt, error }: { status: BoardStatus; updatedAt: number | null; error: ContractError | null }) {
  const { t } = useTranslation();
  const words = t(`board.status.${status}`);
  return (
    <p className={`board-status board-status-${status}`} role="status" data-testid="board-status" data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {status === 'error' && error !== null ? t('board.statusError', { status: words, error: humanError(error) }) : words}
      <span className="muted">{t('wallboard.updated', { time: formatClock(updatedAt) })}</span>
    </p>
  );
}
