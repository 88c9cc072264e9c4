import type { BoardState } from '../../../../shared/contract/schemas/board';
import type { LatencyRing } from './latency-ring';
import type { BoardStore } from './board-store';

declare global {
  interface Window {
    /** Milliseconds from the core sending each board delta to this page applying it (last 1000). */
    __boardLatency?: number[];
    /** Milliseconds from the core sending the newest delta to the board having rendered it (last 1000). */
    __boardRenderLatency?: number[];
    /** Milliseconds from an agent's state change (server clock) to the frame showing it here (last 20,000). */
    __boardEventLatency?: number[];
    /** The board as this page holds it, for tests that compare it with the core's. */
    __board?: () => { seq: number; state: BoardState | null };
  }
}

/**
 * What benchmarks and tests read from the page: the latency rings and the board itself.
 * Read-only copies of what the page already shows.
 */
export function exposeBoardProbe(store: BoardStore, applied: LatencyRing, rendered: LatencyRing, stateChanges: LatencyRing): void {
  if (typeof window === 'undefined') return;
  window.__boardEventLatency = stateChanges.samples;
  window.__boardLatency = applied.samples;
  window.__boardRenderLatency = rendered.samples;
  window.__board = () => {
    const { seq, board } = store.getState();
    return { seq, state: board };
  };
}
