import type { AgentRow, BoardAlert, BoardChange, BoardState } from '../../../../shared/contract/schemas/board';

/** Replace the item with the same key, or append it: the order of the others is kept. */
function upsert<T>(items: readonly T[], item: T, key: (t: T) => number | string): T[] {
  const id = key(item);
  const at = items.findIndex((t) => key(t) === id);
  if (at === -1) return [...items, item];
  const next = items.slice();
  next[at] = item;
  return next;
}

/** The core forgets an alert once it is both cleared and acknowledged; so does the board. */
function withAlert(alerts: readonly BoardAlert[], alert: BoardAlert): BoardAlert[] {
  if (!alert.active && alert.acknowledgedBy !== null) return alerts.filter((a) => a.id !== alert.id);
  return upsert(alerts, alert, (a) => a.id);
}

/** One change applied: every change is a full replacement of one row, tile, summary, alert or the trend. */
export function applyChange(state: BoardState, change: BoardChange): BoardState {
  switch (change.kind) {
    case 'agent':
      return { ...state, agents: upsert(state.agents, change.row, (r) => r.agentId) };
    case 'queue':
      return { ...state, queues: upsert(state.queues, change.tile, (q) => q.queueId) };
    case 'team':
      return { ...state, teams: upsert(state.teams, change.summary, (t) => t.teamId) };
    case 'centre':
      return { ...state, centre: change.centre };
    case 'alert':
      return { ...state, alerts: withAlert(state.alerts, change.alert) };
    case 'alert-removed':
      return { ...state, alerts: state.alerts.filter((a) => a.id !== change.alertId) };
    case 'trend':
      return { ...state, trend: change.trend };
  }
}

/**
 * A delta's changes applied. Its agent rows go in with one copy of the list (a delta from a busy
 * floor carries dozens of the 2,000 rows: a copy and a search per row was the page's busiest
 * script); the rest one by one, in order. Rows touch nothing else, so the result is the same.
 */
export function applyChanges(state: BoardState, changes: readonly BoardChange[]): BoardState {
  const rows: AgentRow[] = [];
  let next = state;
  for (const change of changes) {
    if (change.kind === 'agent') rows.push(change.row);
    else next = applyChange(next, change);
  }
  return rows.length === 0 ? next : { ...next, agents: upsertAll(next.agents, rows, (r) => r.agentId) };
}

/** `upsert` for many items at once (a later one with the same key wins). */
function upsertAll<T>(items: readonly T[], updates: readonly T[], key: (t: T) => number | string): T[] {
  if (updates.length === 1) return upsert(items, updates[0] as T, key);
  const index = new Map(items.map((t, i) => [key(t), i]));
  const next = items.slice();
  for (const item of updates) {
    const at = index.get(key(item));
    if (at !== undefined) next[at] = item;
    else {
      index.set(key(item), next.length);
      next.push(item);
    }
  }
  return next;
}
