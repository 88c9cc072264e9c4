import type { BoardChange, BoardDelta } from '../../../shared/contract/schemas/board';
import type { EventHub } from '../hub/event-hub';

/**
 * Deltas kept for clients that reconnect: at ten a second, a minute and a half. A board away
 * longer gets a snapshot instead (deltas carry drill-down call ids, so history is not small).
 */
export const DELTA_HISTORY = 1_000;

/**
 * Numbered board deltas. Changes gather while the projections apply a batch of the event log;
 * at the end of the batch they go out as one delta numbered by the batch's last log id, so the
 * numbers never go back or repeat, across restarts and server instances alike.
 */
export function createBoardFeed(hub: EventHub, now: () => number) {
  let seq = 0;
  const history: BoardDelta[] = [];
  let pending: BoardChange[] = [];

  return {
    /** The seq of the last delta sent (or of the log position the board was built at). */
    get seq(): number {
      return seq;
    },
    startAt(id: number): void {
      seq = Math.max(seq, id);
    },
    push(change: BoardChange): void {
      pending.push(change);
    },
    /** Send what gathered as the delta for log position `logId`. */
    flush(logId: number): void {
      if (pending.length === 0 || logId <= seq) return;
      const delta: BoardDelta = { seq: logId, prev: seq, at: now(), changes: pending };
      pending = [];
      seq = logId;
      history.push(delta);
      if (history.length > DELTA_HISTORY) history.splice(0, history.length - DELTA_HISTORY);
      hub.publish('board.delta', delta);
    },
    /** Deltas after `since`, or null when some of them are no longer kept (the client needs a snapshot). */
    since(since: number): BoardDelta[] | null {
      if (since > seq) return null;
      if (since === seq) return [];
      const i = history.findIndex((d) => d.prev === since);
      return i < 0 ? null : history.slice(i);
    },
  };
}
