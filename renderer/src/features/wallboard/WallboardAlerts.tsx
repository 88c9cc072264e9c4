import { useTranslation } from 'react-i18next';
import type { BoardAlert } from '../../../../shared/contract/schemas/board';
import { AlertText } from '../board-model';

/** Open alerts along the bottom of the screen, worst first (acknowledging them is for a supervisor's board). */
export function WallboardAlerts({ alerts }: { alerts: readonly BoardAlert[] }) {
  const { t } = useTranslation();
  const open = alerts
    .filter((a) => a.active && a.acknowledgedBy === null)
    .sort((a, b) => (a.severity === b.severity ? b.at - a.at : a.severity === 'critical' ? -1 : 1));
  if (open.length === 0) return null;
  return (
    <aside className="wb-alerts" aria-label={t('wallboard.openAlerts')}>
      {open.slice(0, 3).map((a) => (
        <span key={a.id} className={`wb-alert alert-${a.severity}`}>
          <AlertText alert={a} />
        </span>
      ))}
      {open.length > 3 && <span className="wb-alert-more">{t('wallboard.moreAlerts', { count: open.length - 3 })}</span>}
    </aside>
  );
}
