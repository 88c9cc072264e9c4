import type { BoardChange, BoardDelta, BoardSnapshot, AgentRow } from '../../../shared/contract/schemas/board';

/**
 * What a wallboard (a TV anyone walking past can read) is sent: the board without callers'
 * numbers and names. The agent's row still shows that they are on a call, its queue and phase.
 */
function rowForWallboard(row: AgentRow): AgentRow {
  return row.call === null || row.call.caller === null ? row : { ...row, call: { ...row.call, caller: null } };
}

function changeForWallboard(change: BoardChange): BoardChange {
  return change.kind === 'agent' ? { kind: 'agent', row: rowForWallboard(change.row) } : change;
}

export function snapshotForWallboard(snapshot: BoardSnapshot): BoardSnapshot {
  return { ...snapshot, state: { ...snapshot.state, agents: snapshot.state.agents.map(rowForWallboard) } };
}

export function deltaForWallboard(delta: BoardDelta): BoardDelta {
  return { ...delta, changes: delta.changes.map(changeForWallboard) };
}
