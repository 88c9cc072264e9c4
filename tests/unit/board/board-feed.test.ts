import { describe, expect, it } from 'vitest';
import { changeWeight, createBoardFeed, DELTA_HISTORY, DELTA_HISTORY_WEIGHT, SUB_POSITION } from '../../../electron/core/board/board-feed';
import { boardDelta, type BoardChange, type BoardDelta } from '../../../shared/contract/schemas/board';
import { createEventHub } from '../../../electron/core/hub/event-hub';

const cell = (calls: number) => ({ value: 1, rag: 'none' as const, target: null, formula: 'f', calls });
/** A team's figures as a board change (its cells say how many calls are behind them; the ids are not in it). */
const team = (calls: number): BoardChange => ({
  kind: 'team',
  summary: { teamId: 1, name: 'North', signedIn: 1, available: 1, onCall: 0, wrapUp: 0, onBreak: 0, aht: cell(calls), frt: cell(calls), fcr: cell(calls), handled: calls },
});

describe("the board's delta history for reconnecting boards", () => {
  it('keeps the last deltas by count while they are small', () => {
    const feed = createBoardFeed(createEventHub(), () => 0);
    for (let seq = 1; seq <= DELTA_HISTORY + 10; seq++) {
      feed.push(team(1));
      feed.flush(seq);
    }
    expect(feed.since(9)).toBeNull();
    expect(feed.since(10)).toHaveLength(DELTA_HISTORY);
  });

  it('keeps no more changes than its weight allows, however few deltas that is: a board further behind gets a snapshot', () => {
    const feed = createBoardFeed(createEventHub(), () => 0);
    // Turns that rebuild a whole board of 500 rows: 500 changes a delta.
    const perDelta = 500;
    const kept = Math.floor(DELTA_HISTORY_WEIGHT / perDelta);
    for (let seq = 1; seq <= 200; seq++) {
      for (let i = 0; i < perDelta; i++) feed.push(team(1000));
      feed.flush(seq);
    }
    expect(feed.since(200 - kept)).toHaveLength(kept);
    expect(feed.since(200 - kept - 1)).toBeNull();
    expect(feed.since(199)).toHaveLength(1);
    expect(feed.since(200)).toEqual([]);
  });

  it('sends nothing the board was built from: the first delta after the build holds only what came after it', () => {
    const hub = createEventHub();
    const sent: unknown[] = [];
    hub.subscribe((event, delta) => event === 'board.delta' && sent.push(delta));
    const feed = createBoardFeed(hub, () => 0);
    for (let i = 0; i < 500; i++) feed.push(team(i));
    feed.builtAt(40);
    feed.flush(40);
    expect(sent).toEqual([]);
    feed.push(team(7));
    feed.flush(41);
    expect(sent).toEqual([{ seq: 41, prev: 40, at: 0, changes: [team(7)] }]);
    expect(feed.since(40)).toHaveLength(1);
  });

  it('sends figures finished after their log position went out under a sub-position of it, and resumes a board from there', () => {
    const hub = createEventHub();
    const sent: BoardDelta[] = [];
    hub.subscribe((event, delta) => event === 'board.delta' && sent.push(delta as BoardDelta));
    const feed = createBoardFeed(hub, () => 0, 6);
    feed.builtAt(40);
    feed.push(team(1));
    feed.flush(41);
    // The worker answers after position 41 went out, nothing newer in the log: twice.
    feed.push(team(2));
    feed.flush(41);
    feed.push(team(3));
    feed.flush(41);
    feed.push(team(4));
    feed.flush(42);
    expect(sent.map((d) => [d.prev, d.seq])).toEqual([
      [40, 41],
      [41, 41 + 7 * SUB_POSITION],
      [41 + 7 * SUB_POSITION, 41 + 8 * SUB_POSITION],
      [41 + 8 * SUB_POSITION, 42],
    ]);
    expect(sent.map((d) => d.changes)).toEqual([[team(1)], [team(2)], [team(3)], [team(4)]]);
    // Exact in JSON, valid in the contract, and a board at a sub-position resumes from it.
    for (const d of sent) expect(boardDelta.parse(JSON.parse(JSON.stringify(d)))).toEqual(d);
    expect(feed.since(41)).toEqual(sent.slice(1));
    expect(feed.since(41 + 7 * SUB_POSITION)).toEqual(sent.slice(2));
    expect(feed.since(42)).toEqual([]);
    // A sub-position this feed never sent (another instance's) has no deltas here: the board needs a snapshot.
    expect(feed.since(41 + 3 * SUB_POSITION)).toBeNull();
  });

  it('starts each feed\'s sub-positions at its own fraction, so another instance\'s sub-position is not mistaken for its own', () => {
    const firstSubPosition = (salt?: number) => {
      const feed = createBoardFeed(createEventHub(), () => 0, salt);
      feed.builtAt(10);
      feed.push(team(1));
      feed.flush(10);
      return feed.seq;
    };
    expect(firstSubPosition(0)).toBe(10 + SUB_POSITION);
    expect(firstSubPosition(1023)).toBe(10 + 1024 * SUB_POSITION);
    // Twenty instances drawing their own fractions: the chance all twenty drew one and the same is 1024^-19.
    expect(new Set(Array.from({ length: 20 }, () => firstSubPosition())).size).toBeGreaterThan(1);
  });

  it("weighs a change by the array items it carries, also inside arrays of objects, and plain values not at all", () => {
    expect(changeWeight(team(1000))).toBe(0);
    expect(changeWeight({ kind: 'centre', points: [{ at: 1, callIds: [1, 2] }, { at: 2, callIds: [3] }, { at: 3, callIds: [] }] })).toBe(3);
    expect(changeWeight({ kind: 'alert-removed', alertId: 'a', nothing: null, list: [] })).toBe(0);
    expect(changeWeight([[1, 2], [3]])).toBe(3);
  });
});
