import type { BoardChange, BoardDelta } from '../../../shared/contract/schemas/board';
import type { EventHub } from '../hub/event-hub';

/**
 * Deltas kept for clients that reconnect: at ten a second, a minute and a half. A board away
 * longer gets a snapshot instead (deltas carry drill-down call ids, so history is not small).
 */
export const DELTA_HISTORY = 1_000;
/**
 * Changes are gathered this long into one delta: a busy floor (50 events a second) then costs a
 * board ten renders a second instead of fifty, well inside the one-second goal.
 */
export const BATCH_MS = 100;

/**
 * Numbered board deltas: batches the changes of a tenth of a second into one delta,
 * publishes it, and keeps the recent ones so a reconnecting board can catch up without a gap.
 */
export function createBoardFeed(hub: EventHub, now: () => number) {
  let seq = 0;
  const history: BoardDelta[] = [];
  let pending: BoardChange[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (pending.length === 0) return;
    const delta: BoardDelta = { seq: ++seq, at: now(), changes: pending };
    pending = [];
    history.push(delta);
    if (history.length > DELTA_HISTORY) history.splice(0, history.length - DELTA_HISTORY);
    hub.publish('board.delta', delta);
  }

  return {
    get seq(): number {
      return seq;
    },
    push(change: BoardChange): void {
      pending.push(change);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, BATCH_MS).unref();
      }
    },
    /** Deltas after `since`, or null when some of them are no longer kept (the client needs a snapshot). */
    since(since: number): BoardDelta[] | null {
      if (since > seq) return null;
      if (since === seq) return [];
      const first = history[0];
      if (first === undefined || first.seq > since + 1) return null;
      return history.slice(since + 1 - first.seq);
    },
  };
}
