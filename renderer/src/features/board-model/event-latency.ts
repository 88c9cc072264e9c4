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
    const before = new Map(previous.board.agents.map((a) => [a.agentId, a.since]));
    const changed = state.board.agents.filter((a) => {
      const old = before.get(a.agentId);
      return old !== undefined && a.since > old;
    });
    if (changed.length === 0) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        const painted = Date.now();
        for (const a of changed) ring.push(painted - a.since);
      }, 0),
    );
  });
}
