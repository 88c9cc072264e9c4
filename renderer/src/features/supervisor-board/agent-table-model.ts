import type { AgentState } from '../../../../shared/contract/schemas/agent';
import type { AgentRow } from '../../../../shared/contract/schemas/board';

export type SortKey = 'name' | 'team' | 'state' | 'since' | 'aht' | 'frt' | 'fcr' | 'handled';

export interface AgentSort {
  key: SortKey;
  descending: boolean;
}

export interface AgentFilters {
  /** A queue name: agents with a call from it right now. */
  queue: string;
  team: string;
  state: AgentState | '';
  showOffline: boolean;
}

export const NO_FILTERS: AgentFilters = { queue: '', team: '', state: '', showOffline: false };

/** Busiest states first when sorting by state. */
const STATE_ORDER: Record<AgentState, number> = { ringing: 0, 'on-call': 1, 'wrap-up': 2, available: 3, break: 4, disconnected: 5, offline: 6 };

export function filterAgents(rows: readonly AgentRow[], f: AgentFilters): AgentRow[] {
  return rows.filter(
    (r) =>
      (f.showOffline || f.state === 'offline' || r.state !== 'offline') &&
      (f.state === '' || r.state === f.state) &&
      (f.team === '' || r.team === f.team) &&
      (f.queue === '' || r.call?.queue === f.queue),
  );
}

/** Nulls (no calls yet) always last, whichever the direction. */
function byNumber(a: number | null, b: number | null, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return descending ? b - a : a - b;
}

function compare(a: AgentRow, b: AgentRow, { key, descending }: AgentSort): number {
  const sign = descending ? -1 : 1;
  switch (key) {
    case 'name':
      return sign * a.name.localeCompare(b.name);
    case 'team':
      return sign * (a.team ?? '').localeCompare(b.team ?? '');
    case 'state':
      return sign * (STATE_ORDER[a.state] - STATE_ORDER[b.state]);
    case 'since':
      // Ascending means longest in state first: the one a supervisor looks for.
      return sign * (a.since - b.since);
    case 'aht':
    case 'frt':
    case 'fcr':
      return byNumber(a[key].value, b[key].value, descending);
    case 'handled':
      return sign * (a.handled - b.handled);
  }
}

export function sortAgents(rows: readonly AgentRow[], sort: AgentSort): AgentRow[] {
  return [...rows].sort((a, b) => compare(a, b, sort) || a.name.localeCompare(b.name) || a.agentId - b.agentId);
}

/** The choices the filters offer, from what is on the board now. */
export function filterChoices(rows: readonly AgentRow[], queueNames: readonly string[]): { teams: string[]; queues: string[] } {
  const teams = [...new Set(rows.map((r) => r.team).filter((t): t is string => t !== null))].sort();
  const queues = [...new Set([...queueNames, ...rows.map((r) => r.call?.queue).filter((q): q is string => q != null)])].sort();
  return { teams, queues };
}
