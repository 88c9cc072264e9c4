import type { AgentRow, AlertMessage, BoardAlert, CentreSummary, QueueTile } from '../../../shared/contract/schemas/board';
import type { BoardSettings } from '../../../shared/contract/schemas/settings';

export interface AlertCondition {
  id: string;
  severity: BoardAlert['severity'];
  subject: BoardAlert['subject'];
  /** What the board shows: a code and its figures, worded by each desk in its own language. */
  message: AlertMessage;
  /** The same in English, for logs, exports and a desk that predates `message`. */
  text: string;
}

const STATE_WORD: Record<string, string> = { ringing: 'ringing', 'on-call': 'on a call', 'wrap-up': 'in wrap-up', break: 'on a break' };

/** A time as the desks word it: seconds under a minute, whole minutes after. */
const duration = (seconds: number): string => (seconds >= 60 ? `${Math.floor(seconds / 60)} min` : `${seconds} s`);

/**
 * The English sentence for a message (the core's own wording; desks use their catalogue instead).
 * It says no more than a desk shows: the board logs an alert's new figures only when this sentence
 * changes, so a wait worded to the second was a log event and a delta every second of every long wait.
 */
export function alertEnglish(m: AlertMessage): string {
  switch (m.code) {
    case 'agent.inState':
      return `${m.name} ${STATE_WORD[m.state] ?? m.state} for ${duration(m.seconds)}`;
    case 'queue.longestWait':
      return `${m.queue}: a caller has waited ${duration(m.seconds)}`;
    case 'queue.serviceLevel':
      return `${m.queue}: service level ${m.value?.toFixed(1)}% (target ${m.target}%)`;
    case 'queue.abandon':
      return `${m.queue}: ${m.value?.toFixed(1)}% abandoned (target ≤ ${m.target}%)`;
    case 'centre.staffing':
      return `Erlang C needs ${m.needed} agents now; ${m.available} available`;
  }
}

/**
 * A message without its ticking duration: a time in a state or a wait that carries `since` is worded
 * by each desk as it grows (ADR 0066), so two messages equal here are the same alert to log.
 */
export function withoutTicking(m: AlertMessage | undefined): AlertMessage | undefined {
  if (m === undefined || !('since' in m) || m.since === undefined) return m;
  return { ...m, seconds: 0 };
}

/** Which thresholds are crossed right now (pure: the board keeps their history and acknowledgements). */
export function alertConditions(
  now: number,
  agents: readonly AgentRow[],
  queues: readonly QueueTile[],
  centre: CentreSummary,
  settings: BoardSettings,
): AlertCondition[] {
  const out: AlertCondition[] = [];
  const push = (c: Omit<AlertCondition, 'text'>) => out.push({ ...c, text: alertEnglish(c.message) });
  for (const a of agents) {
    const limits = settings.stateThresholds[a.state];
    if (limits === undefined) continue;
    const seconds = Math.floor((now - a.since) / 1000);
    if (seconds < limits.warnS) continue;
    push({
      id: `agent:${a.agentId}:${a.state}`,
      severity: seconds >= limits.criticalS ? 'critical' : 'warning',
      subject: { kind: 'agent', id: a.agentId },
      message: { code: 'agent.inState', name: a.name, state: a.state, seconds, since: a.since },
    });
  }
  for (const q of queues) {
    const subject = { kind: 'queue', id: q.queueId } as const;
    if (q.longestWaitSince !== null) {
      const waited = Math.floor((now - q.longestWaitSince) / 1000);
      if (waited >= settings.longestWaitWarnS) {
        push({ id: `queue:${q.queueId}:wait`, severity: waited >= settings.longestWaitCriticalS ? 'critical' : 'warning', subject, message: { code: 'queue.longestWait', queue: q.name, seconds: waited, since: q.longestWaitSince } });
      }
    }
    if (q.serviceLevel.rag === 'red') {
      push({ id: `queue:${q.queueId}:service-level`, severity: 'critical', subject, message: { code: 'queue.serviceLevel', queue: q.name, value: q.serviceLevel.value, target: q.serviceLevel.target } });
    }
    if (q.abandon.rag === 'red') {
      push({ id: `queue:${q.queueId}:abandon`, severity: 'warning', subject, message: { code: 'queue.abandon', queue: q.name, value: q.abandon.value, target: q.abandon.target } });
    }
  }
  const { needed, available } = centre.staffing;
  if (needed !== null && needed > available) {
    push({ id: 'centre:staffing', severity: 'warning', subject: { kind: 'centre', id: null }, message: { code: 'centre.staffing', needed, available } });
  }
  return out;
}
