import { describe, expect, it } from 'vitest';
import type { AgentRow, BoardChange, BoardState, QueueTile } from '../../../shared/contract/schemas/board';
import { applyChange, applyChanges } from '../../../renderer/src/features/board-model/board-apply';
import { changedRows } from '../../../renderer/src/features/board-model/event-latency';

const row = (agentId: number, since: number): AgentRow => ({ agentId, name: `Agent ${agentId}`, state: 'available', since }) as unknown as AgentRow;
const tile = (queueId: number, waiting: number): QueueTile => ({ queueId, name: `Queue ${queueId}`, waiting }) as unknown as QueueTile;
const board = (agents: AgentRow[]): BoardState => ({ agents, queues: [tile(1, 0)], teams: [], alerts: [], centre: null, trend: null }) as unknown as BoardState;

describe('applying a board delta', () => {
  it('gives the same board as applying its changes one by one: rows replaced in place, new agents appended in order, a later row for the same agent winning', () => {
    const before = board([row(1, 10), row(2, 20), row(3, 30)]);
    const changes: BoardChange[] = [
      { kind: 'agent', row: row(2, 21) },
      { kind: 'queue', tile: tile(1, 4) },
      { kind: 'agent', row: row(9, 90) },
      { kind: 'agent', row: row(2, 22) },
      { kind: 'agent', row: row(8, 80) },
      { kind: 'agent', row: row(9, 91) },
    ];
    const together = applyChanges(before, changes);
    expect(together).toEqual(changes.reduce(applyChange, before));
    expect(together.agents.map((a) => [a.agentId, a.since])).toEqual([
      [1, 10],
      [2, 22],
      [3, 30],
      [9, 91],
      [8, 80],
    ]);
    expect(together.queues[0]?.waiting).toBe(4);
  });

  it('leaves the rows no change named as the same objects, and the board it was given untouched', () => {
    const before = board([row(1, 10), row(2, 20), row(3, 30)]);
    const after = applyChanges(before, [
      { kind: 'agent', row: row(2, 25) },
      { kind: 'agent', row: row(3, 35) },
    ]);
    expect(after.agents[0]).toBe(before.agents[0]);
    expect(before.agents.map((a) => a.since)).toEqual([10, 20, 30]);
    expect(after.queues).toBe(before.queues);
  });
});

describe('which rows a delta changed (the state change → painted probe)', () => {
  it('names the rows whose state changed, comparing in place, and by agent when the list was reordered (a new snapshot)', () => {
    const before = [row(1, 10), row(2, 20), row(3, 30)];
    const inPlace = applyChanges(board(before), [
      { kind: 'agent', row: row(2, 25) },
      { kind: 'agent', row: row(3, 30) },
      { kind: 'agent', row: row(4, 40) },
    ]).agents;
    expect(changedRows(before, inPlace).map((a) => a.agentId)).toEqual([2]);
    const reordered = [row(3, 31), row(1, 10), row(2, 20)];
    expect(changedRows(before, reordered).map((a) => a.agentId)).toEqual([3]);
  });
});
