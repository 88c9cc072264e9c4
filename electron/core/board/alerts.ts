import type { AgentRow, BoardAlert, CentreSummary, QueueTile } from '../../../shared/contract/schemas/board';
import type { BoardSettings } from '../../../shared/contract/schemas/settings';

export interface AlertCondition {
  id: string;
  severity: BoardAlert['severity'];
  subject: BoardAlert['subject'];
  text: string;
}

const STATE_WORD: Record<string, string> = { ringing: 'ringing', 'on-call': 'on a call', 'wrap-up': 'in wrap-up', break: 'on a break' };

/** Which thresholds are crossed right now (pure: the board keeps their history and acknowledgements). */
export function alertConditions(
  now: number,
  agents: readonly AgentRow[],
  queues: readonly QueueTile[],
  centre: CentreSummary,
  settings: BoardSettings,
): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const a of agents) {
    const limits = settings.stateThresholds[a.state];
    if (limits === undefined) continue;
    const seconds = Math.floor((now - a.since) / 1000);
    if (seconds < limits.warnS) continue;
    const severity = seconds >= limits.criticalS ? 'critical' : 'warning';
    const minutes = Math.floor(seconds / 60);
    out.push({
      id: `agent:${a.agentId}:${a.state}`,
      severity,
      subject: { kind: 'agent', id: a.agentId },
      text: `${a.name} ${STATE_WORD[a.state] ?? a.state} for ${minutes > 0 ? `${minutes} min` : `${seconds} s`}`,
    });
  }
  for (const q of queues) {
    if (q.longestWaitSince !== null) {
      const waited = Math.floor((now - q.longestWaitSince) / 1000);
      if (waited >= settings.longestWaitWarnS) {
        out.push({
          id: `queue:${q.queueId}:wait`,
          severity: waited >= settings.longestWaitCriticalS ? 'critical' : 'warning',
          subject: { kind: 'queue', id: q.queueId },
          text: `${q.name}: a caller has waited ${waited} s`,
        });
      }
    }
    if (q.serviceLevel.rag === 'red') {
      out.push({ id: `queue:${q.queueId}:service-level`, severity: 'critical', subject: { kind: 'queue', id: q.queueId }, text: `${q.name}: service level ${q.serviceLevel.value?.toFixed(1)}% (target ${q.serviceLevel.target}%)` });
    }
    if (q.abandon.rag === 'red') {
      out.push({ id: `queue:${q.queueId}:abandon`, severity: 'warning', subject: { kind: 'queue', id: q.queueId }, text: `${q.name}: ${q.abandon.value?.toFixed(1)}% abandoned (target ≤ ${q.abandon.target}%)` });
    }
  }
  const { needed, available } = centre.staffing;
  if (needed !== null && needed > available) {
    out.push({ id: 'centre:staffing', severity: 'warning', subject: { kind: 'centre', id: null }, text: `Erlang C needs ${needed} agents now; ${available} available` });
  }
  return out;
}
