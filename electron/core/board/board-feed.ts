import type { BoardChange, BoardDelta } from '../../../shared/contract/schemas/board';
import type { EventHub } from '../hub/event-hub';

/**
 * Deltas kept for clients that reconnect: at ten a second, a minute and a half. A board away
 * longer gets a snapshot instead.
 */
export const DELTA_HISTORY = 1_000;
/**
 * And at most this much of them, counted in changes and the array items they carry (trend
 * points): a turn that rebuilds every row is 500 changes, so a count of deltas alone would let the
 * history hold hundreds of whole boards. 20,000 changes is about 6 MB of rows (cells carry no call
 * ids since ADR 0042), forty whole boards: a board further behind than that costs less as a snapshot.
 */
export const DELTA_HISTORY_WEIGHT = 20_000;

/**
 * A change's weight for the history: one, plus every array item in it (trend points, and any
 * array of plain values by its length). Only arrays of objects are walked; the contract's arrays
 * hold one kind of item each, so the first item tells which.
 */
export function changeWeight(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (typeof first !== 'object' || first === null) return value.length;
    let sum = 0;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      sum += typeof item === 'object' && item !== null ? changeWeight(item) : 1;
    }
    return sum;
  }
  let sum = 0;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) sum += changeWeight(v);
  }
  return sum;
}

/**
 * The step between sub-positions (ADR 0077): a binary fraction, so log position + k steps is exact
 * in a double for any log id below 2^32 and any k a quiet log position ever sees.
 */
export const SUB_POSITION = 2 ** -20;

/**
 * Numbered board deltas. Changes gather while the projections apply a batch of the event log;
 * at the end of the batch they go out as one delta numbered by the batch's last log id, so the
 * numbers never go back or repeat, across restarts and server instances alike. Figures finished
 * after their log position's delta went out (the board's worker answering on a quiet floor) go out
 * under a sub-position of it (ADR 0077): log id + a fraction. Each feed starts its sub-positions at
 * its own random fraction, so a board that resumes on another server instance from a sub-position
 * finds no delta naming it there and gets a snapshot, never the rest of another instance's turns.
 */
export function createBoardFeed(hub: EventHub, now: () => number, salt = Math.floor(Math.random() * 1024)) {
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
    /**
     * The board was built as of log position `id`: whatever gathered while it was built is in its
     * snapshot, not a change since, so it is dropped (sent, it replayed the day's history, every row
     * and every alert change, as the first delta after a subscribe). Deltas follow from here.
     */
    builtAt(id: number): void {
      seq = Math.max(seq, id);
      pending = [];
    },

    push(change: BoardChange): void {
      pending.push(change);
    },
    /** Send what gathered as the delta for log position `logId` (or a sub-position of the last one sent, when it is no further). */
    flush(logId: number): void {
      if (pending.length === 0) return;
      const next = logId > seq ? logId : Number.isInteger(seq) ? seq + (salt + 1) * SUB_POSITION : seq + SUB_POSITION;
      const delta: BoardDelta = { seq: next, prev: seq, at: now(), changes: pending };
      pending = [];
      seq = next;
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
