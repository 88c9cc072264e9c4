import { useTranslation } from 'react-i18next';
import type { BoardState } from '../../../../shared/contract/schemas/board';
import { formatDuration } from '../../ui/format';
import { stateSeverity } from '../board-model';
import { useClock } from '../board-model';

/** Time since `since`, ticking; amber then red once the state's thresholds are passed. */
export function Elapsed({ since, state, thresholds }: { since: number; state?: string; thresholds?: BoardState['thresholds'] }) {
  const { t } = useTranslation();
  const now = useClock();
  const severity = state === undefined || thresholds === undefined ? 'ok' : stateSeverity(state, since, now, thresholds);
  return (
    <span className={`elapsed elapsed-${severity}`} data-severity={severity}>
      {formatDuration(now - since)}
      {severity !== 'ok' && <span className="sr-only"> {t(`board.severity.${severity}`)}</span>}
    </span>
  );
}
