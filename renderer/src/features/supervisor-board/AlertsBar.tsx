import { useTranslation } from 'react-i18next';
import { memo, useCallback, useMemo, useState } from 'react';
import type { BoardAlert } from '../../../../shared/contract/schemas/board';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AlertText, alertPlainText, formatClock } from '../board-model';
import { useAlertSound, useMuted } from './use-alert-sound';
import { humanError } from '../../i18n';

/** Waiting for someone first, then the worst, then the newest. */
function byUrgency(a: BoardAlert, b: BoardAlert): number {
  const open = (x: BoardAlert) => (x.acknowledgedBy === null ? 0 : 1);
  const sev = (x: BoardAlert) => (x.severity === 'critical' ? 0 : 1);
  return open(a) - open(b) || sev(a) - sev(b) || b.at - a.at;
}

/** Alerts the core raised: visible, audible (unless muted), each acknowledgeable. */
export const AlertsBar = memo(function AlertsBar({ alerts }: { alerts: readonly BoardAlert[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const [muted, setMuted] = useMuted();
  const [error, setError] = useState<string | null>(null);
  const sounded = useAlertSound(alerts, muted);
  const sorted = useMemo(() => [...alerts].sort(byUrgency), [alerts]);
  const open = alerts.filter((a) => a.acknowledgedBy === null).length;

  const acknowledge = useCallback(
    async (alertId: string): Promise<void> => {
      const r = await api.call('board.ackAlert', { alertId });
      setError(r.ok ? null : humanError(r.error));
    },
    [api],
  );

  return (
    <section className={`board-panel alerts-bar${open > 0 ? ' alerts-open' : ''}`} aria-labelledby="alerts-title" data-beeps={sounded}>
      <header className="panel-head">
        <h2 id="alerts-title">
          {t('alerts.title')} <span className="count" aria-live="polite">{open === 0 ? t('alerts.noneOpen') : t('alerts.open', { count: open })}</span>
        </h2>
        <button type="button" aria-pressed={muted} onClick={() => setMuted(!muted)} className="mute-toggle">
          {muted ? t('alerts.muted') : t('alerts.soundOn')}
        </button>
      </header>
      <ErrorAlert error={error} />
      {sorted.length > 0 && (
        <ul className="alert-list">
          {sorted.map((a) => (
            <AlertItem key={a.id} alert={a} onAcknowledge={acknowledge} />
          ))}
        </ul>
      )}
    </section>
  );
});

/** One alert; redrawn only when it changes (a busy floor's board holds up to 200, and changes a few a second). */
const AlertItem = memo(function AlertItem({ alert: a, onAcknowledge }: { alert: BoardAlert; onAcknowledge: (alertId: string) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <li className={`alert alert-${a.severity}${a.active ? '' : ' alert-cleared'}`} data-alert-id={a.id}>
      <span className="alert-severity">{a.severity === 'critical' ? t('alerts.critical') : t('alerts.warning')}</span>
      <span className="alert-text">
        <AlertText alert={a} />
      </span>
      <span className="muted alert-time">
        {formatClock(a.at)}
        {!a.active && ` · ${t('alerts.cleared')}`}
      </span>
      {a.acknowledgedBy === null ? (
        <button type="button" className="ack" onClick={() => void onAcknowledge(a.id)} aria-label={t('alerts.acknowledgeLabel', { action: t('alerts.acknowledge'), text: alertPlainText(a) })}>
          {t('alerts.acknowledge')}
        </button>
      ) : (
        <span className="muted">{t('alerts.acknowledgedBy', { name: a.acknowledgedBy })}</span>
      )}
    </li>
  );
});
