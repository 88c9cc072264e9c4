import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { RouteDecisionView } from '../../../../shared/contract/schemas/routing';
import { useApi } from '../../app/stores-context';
import { humanError } from '../../i18n';
import { formatCount } from '../../ui/format';
import { formatClock } from '../board-model';

/** A call's routing decisions in its drill-down: which step, whom it offered, who was left out and why. */
export function RoutingTrail({ callId }: { callId: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const [decisions, setDecisions] = useState<RouteDecisionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('routing.callDecisions', { callId }).then((r) => {
      if (!live) return;
      if (r.ok) setDecisions(r.value.decisions);
      else setError(humanError(r.error));
    });
    return () => {
      live = false;
    };
  }, [api, callId]);
  if (error !== null) return <p role="alert">{error}</p>;
  if (decisions === null) return <p className="muted">{t('drill.routingLoading')}</p>;
  if (decisions.length === 0) return <p className="muted">{t('drill.notRouted')}</p>;
  return (
    <ol className="routing-trail" data-testid="routing-trail" aria-label={t('drill.routingOf', { id: callId })}>
      {decisions.map((d) => (
        <li key={d.decisionId}>
          {formatClock(d.at)} · {t('drill.after', { seconds: formatCount(Math.round(d.waitedSec)) })} ·{' '}
          {/* The router's own record of the decision (kind, step, why) is kept as data, in the words it was logged with. */}
          <span translate="no">
            <strong>{d.kind}</strong> ({d.step}){d.agents.length > 0 && <> → {d.agents.join(', ')}</>} — {d.why}
          </span>
          {d.vip && ` · ${t('drill.vip')}`}
          {d.sticky !== null && (
            <>
              {' · '}
              {t('drill.sticky')}{' '}
              <span translate="no">{d.sticky}</span>
            </>
          )}
          {d.excluded.length > 0 && (
            <>
              {' · '}
              {t('drill.leftOut')}{' '}
              <span translate="no">{d.excluded.map((x) => `${x.agentId} (${x.why})`).join(', ')}</span>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
