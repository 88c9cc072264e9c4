import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useApi } from '../../app/stores-context';
import { useSession } from './use-session';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { STATE_LABEL } from '../../ui/state-labels';


export function PresenceBar() {
  const { t } = useTranslation();
  const agent = useSession((s) => s.agent);
  const status = useSession((s) => s.status);
  const settings = useSession((s) => s.settings);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const setPresence = useSession((s) => s.setPresence);
  const signOut = useSession((s) => s.signOut);
  const demo = useSession((s) => s.demo);
  const now = useNow();
  const api = useApi();
  const reasons = settings?.breakReasons ?? [];
  const [reason, setReason] = useState<string>('');
  if (agent === null || status === null) return null;

  return (
    <header className="presence-bar">
      <div className="brand" translate="no">
        Frontline
      </div>
      {settings?.demoLine === true && (
        <>
          <span className="demo-label" title={t('presence.demoLineTitle')}>
            {t('presence.demoLine')}
          </span>
          <button type="button" className="link" onClick={() => void api.call('demoLine.callNow', {})}>
            {t('presence.ringMe')}
          </button>
        </>
      )}
      <div className={`state state-${status.state}`} role="status" aria-live="polite">
        <span className="state-dot" aria-hidden="true" />
        <span data-testid="agent-state">{STATE_LABEL[status.state] ?? status.state}</span>
        {status.reason !== null && (
          <span className="muted">
            {' · '}
            <span translate="no">{status.reason}</span>
          </span>
        )}
        <span className="timer" aria-label={t('presence.timeInState')}>
          {formatDuration(now - status.since)}
        </span>
      </div>
      <div className="presence-actions">
        <button type="button" disabled={busy || status.state === 'available'} onClick={() => void setPresence('available')}>
          {t('state.available')}
        </button>
        <label className="inline">
          <span className="sr-only">{t('presence.breakReason')}</span>
          <select value={reason} onChange={(e) => setReason(e.target.value)} aria-label={t('presence.breakReason')}>
            <option value="">{t('presence.breakReasonPick')}</option>
            {reasons.map((r) => (
              <option key={r} value={r} translate="no">
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy || reason === ''} onClick={() => void setPresence('break', reason)}>
          {t('state.break')}
        </button>
        <button type="button" disabled={busy || status.state === 'offline'} onClick={() => void setPresence('offline')}>
          {t('state.offline')}
        </button>
      </div>
      <div className="who">
        {t('presence.who', { name: agent.name, extension: agent.extension })}
        {demo && (
          <span className="demo-label" title={t('presence.demoTitle')}>
            {t('presence.demo')}
          </span>
        )}
        <button type="button" className="link" onClick={() => void signOut()}>
          {t('presence.signOut')}
        </button>
        <button type="button" className="link" onClick={() => void signOut(true)} title={t('presence.signOutEverywhereTitle')}>
          {t('presence.signOutEverywhere')}
        </button>
      </div>
      <ErrorAlert error={error} className="error bar-error" />
    </header>
  );
}
