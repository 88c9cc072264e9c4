import { useEffect, useState } from 'react';
import type { RouteDecisionView } from '../../../../shared/contract/schemas/routing';
import { useApi } from '../../app/stores-context';
import { humanError } from '../../i18n';
import { formatClock } from '../board-model';

/** A call's routing decisions in its drill-down: which step, whom it offered, who was left out and why. */
export function RoutingTrail({ callId }: { callId: number }) {
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
  if (decisions === null) return <p className="muted">Loading routing…</p>;
  if (decisions.length === 0) return <p className="muted">Not routed by Frontline (a direct call, or the PBX chose the agent).</p>;
  return (
    <ol className="routing-trail" data-testid="routing-trail" aria-label={`Routing of call ${callId}`}>
      {decisions.map((d) => (
        <li key={d.decisionId}>
          {formatClock(d.at)} · after {Math.round(d.waitedSec)} s · <strong>{d.kind}</strong> ({d.step}){d.agents.length > 0 && <> → {d.agents.join(', ')}</>} — {d.why}
          {d.vip && ' · VIP'}
          {d.sticky !== null && ` · sticky: ${d.sticky}`}
          {d.excluded.length > 0 && ` · left out: ${d.excluded.map((x) => `${x.agentId} (${x.why})`).join(', ')}`}
        </li>
      ))}
    </ol>
  );
}
