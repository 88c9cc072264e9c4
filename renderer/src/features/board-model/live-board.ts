import type { ApiClient } from '../../platform/api-client';
import { exposeBoardProbe } from './board-probe';
import { createBoardStore, type BoardStore } from './board-store';
import { trackStateChangeLatency } from './event-latency';
import { createLatencyRing, type LatencyRing } from './latency-ring';

/** The board store with its latency probes, as the supervisor's app and the wallboard both use it. */
export interface LiveBoard {
  store: BoardStore;
  /** Core → rendered latencies, fed by the view that shows the board. */
  renderLatency: LatencyRing;
}

export function createLiveBoard(api: ApiClient): LiveBoard {
  const applied = createLatencyRing();
  const renderLatency = createLatencyRing();
  const store = createBoardStore(api, applied);
  const stateChanges = createLatencyRing(20_000);
  trackStateChangeLatency(store, stateChanges);
  exposeBoardProbe(store, applied, renderLatency, stateChanges);
  return { store, renderLatency };
}
