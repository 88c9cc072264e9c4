import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TodayCache } from '../metrics/today-cache';
import { agentFigures } from './agent-figures';
import { aggregateFigures } from './aggregate-figures';
import type { FromWorker, ToWorker } from './aggregate-messages';

/** This thread's garbage collector (benchmarks sample the heap after one, as they do the main thread's). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Today's legs and presence as the messages describe them, answering requests for a turn's figures. */
export function createAggregateReplica(): (message: ToWorker) => FromWorker | null {
  let today: TodayCache | null = null;
  return (message) => {
    if (message.kind === 'changes') {
      for (const change of message.changes) {
        if (change.kind === 'reset') today = new TodayCache(change.range, change.legs, change.states);
        else if (change.kind === 'legs') for (const leg of change.legs) today?.upsert(leg);
        else today?.addState(change.change);
      }
      return null;
    }
    if (message.kind === 'usage') {
      if (message.collect === true) collectGarbage();
      return { id: message.id, heapUsedBytes: getHeapStatistics().used_heap_size };
    }
    try {
      if (today === null) throw new Error('no day loaded yet');
      if (message.kind === 'agents') return { id: message.id, agents: agentFigures(today, message.request) };
      return { id: message.id, figures: aggregateFigures(today, message.request) };
    } catch (error) {
      return { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
