import type { BoardChange, BoardDelta } from '../../../shared/contract/schemas/board';
import type { EventHub } from '../hub/event-hub';

/**
 * Deltas kept for clients that reconnect: at ten a second, a minute and a half. A board away
 * longer gets a snapshot instead (deltas carry drill-down call ids, so history is not small).
 */
export const DELTA_HISTORY = 1_000;
/**
 * And at most this much of them, counted in changes and the array items they carry (mostly
 * drill-down call ids): those grow all day (a team's AHT cell lists up to 1,000 calls), so a count
 * of deltas alone lets the history grow with the day. About 2 MB of call ids; a board further
 * behind than that costs less as a snapshot.
 */
export const DELTA_HISTORY_WEIGHT = 250_000;

/** A change's weight for the history: one, plus every array item in it (call ids, trend points). */
export function changeWeight(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item: unknown) => sum + (typeof item === 'object' && item !== null ? changeWeight(item) : 1), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) sum += changeWeight(v);
  return sum;
}

/**
 * Numbered board deltas. Changes gather while the projections apply a batch of the event log;
 * at the end of the batch they go out as one delta numbered by the batch's last log id, so the
 * numbers never go back or repeat, across restarts and server instances alike.
 */
export function createBoardFeed(hub: EventHub, now: () => number) {
  let seq = 0;
  let history: BoardDelta[] = [];
  /** Each kept delta's weight, and their sum. */
  let weights: number[] = [];
  let weight = 0;
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
      const w = delta.changes.reduce((sum, change) => sum + 1 + changeWeight(change), 0);
      history.push(delta);
      weights.push(w);
      weight += w;
      let drop = 0;
      while (history.length - drop > DELTA_HISTORY || (weight > DELTA_HISTORY_WEIGHT && history.length - drop > 1)) weight -= weights[drop++] as number;
      if (drop > 0) {
        history = history.slice(drop);
        weights = weights.slice(drop);
      }
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
