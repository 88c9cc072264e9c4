import type { AgentRow } from '../../../../shared/contract/schemas/board';
import type { BoardStore } from './board-store';
import type { LatencyRing } from './latency-ring';

/**
 * End to end, as a supervisor sees it: from the moment an agent's state changed (the row's
 * `since`, on the server's clock) to the frame that shows it here. requestAnimationFrame runs
 * just before the next paint; the task it queues runs just after it.
 */
export function trackStateChangeLatency(store: BoardStore, ring: LatencyRing): () => void {
  return store.subscribe((state, previous) => {
    if (state.board === null || previous.board === null || state.board === previous.board) return;
    const changed = changedRows(previous.board.agents, state.board.agents);
    if (changed.length === 0) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        const painted = Date.now();
        for (const a of changed) ring.push(painted - a.since);
      }, 0),
    );
  });
}

/**
 * Rows whose state changed since `before`. A delta replaces rows in place (a new agent is appended), so
 * rows are compared by position and only replaced ones are looked at; a list in another order (a new
 * snapshot) is compared by agent.
 */
export function changedRows(before: readonly AgentRow[], after: readonly AgentRow[]): AgentRow[] {
  const changed: AgentRow[] = [];
  for (let i = 0; i < after.length; i++) {
    const row = after[i] as AgentRow;
    const old = before[i];
    if (row === old) continue;
    if (old === undefined) continue; // appended: an agent new to the board has no earlier state to compare
    if (old.agentId !== row.agentId) return changedById(before, after);
    if (row.since > old.since) changed.push(row);
  }
  return changed;
}

function changedById(before: readonly AgentRow[], after: readonly AgentRow[]): AgentRow[] {
  const since = new Map(before.map((a) => [a.agentId, a.since]));
  return after.filter((a) => {
    const old = since.get(a.agentId);
    return old !== undefined && a.since > old;
  });
}
