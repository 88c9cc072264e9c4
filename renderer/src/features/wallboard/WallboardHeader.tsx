import { useTranslation } from 'react-i18next';
import type { BoardStatus } from '../board-model';
import { formatClock } from '../board-model';
import { useClock } from '../board-model';
import { WALLBOARD_VIEWS, type WallboardView } from './wallboard-route';


/** Which screen, which view of the cycle, whether it is live and when it last changed, and the time. */
export function WallboardHeader({ label, view, status, updatedAt }: { label: string | null; view: WallboardView; status: BoardStatus; updatedAt: number | null }) {
  const { t } = useTranslation();
  const now = useClock();
  return (
    <header className="wb-header">
      <h1 className="wb-title">
        Frontline <span className="wb-label">{label ?? ''}</span>
      </h1>
      <ol className="wb-views" aria-label={t('wallboard.views')}>
        {WALLBOARD_VIEWS.map((v) => (
          <li key={v} className={v === view ? 'wb-view-current' : undefined} aria-current={v === view ? 'step' : undefined}>
            {t(`wallboard.view.${v}`)}
          </li>
        ))}
      </ol>
      <p className={`wb-status board-status-${status}`} role="status" data-testid="wallboard-status" data-status={status}>
        <span className="status-dot" aria-hidden="true" />
        {t(`wallboard.status.${status}`)}
        <span className="wb-updated">{t('wallboard.updated', { time: formatClock(updatedAt) })}</span>
      </p>
      <time className="wb-clock" dateTime={new Date(now).toISOString()}>
        {formatClock(now).slice(0, 5)}
      </time>
    </header>
  );
}
