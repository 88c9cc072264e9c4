import { useTranslation } from 'react-i18next';
import { lazy, memo, Suspense } from 'react';
import type { BoardState } from '../../../../shared/contract/schemas/board';

// The chart library comes in its own chunk after first paint, as on the agent's desk.
const BoardTrends = lazy(() => import('./BoardTrends').then((m) => ({ default: m.BoardTrends })));

/** Today's trends, loaded lazily; `large` for the wallboard. Redrawn only when the trend itself changes. */
export const TrendsPanel = memo(function TrendsPanel({ trend, large = false }: { trend: BoardState['trend'] | null; large?: boolean }) {
  const { t } = useTranslation();
  if (trend === null) return <p className="muted">{t('trends.none')}</p>;
  return (
    <Suspense fallback={<p className="muted">{t('trends.loading')}</p>}>
      <BoardTrends trend={trend} large={large} />
    </Suspense>
  );
});
