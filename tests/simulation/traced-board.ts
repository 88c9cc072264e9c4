import type { BoardCell, BoardCellRef, BoardState, BoardTrace } from '../../shared/contract/schemas/board';

/** What a supervisor sees on the board, and what each of its numbers traces to (`board.trace`, ADR 0042). */
export interface TracedBoard {
  state: BoardState;
  trace(ref: BoardCellRef): BoardTrace | undefined;
}

/** Every number on the board with calls behind it: its place, and the cell shown there. */
export function boardCells(state: BoardState): { ref: BoardCellRef; cell: BoardCell }[] {
  const out: { ref: BoardCellRef; cell: BoardCell }[] = [];
  for (const r of state.agents) out.push({ ref: { scope: 'agent', id: r.agentId, metric: 'aht_s' }, cell: r.aht }, { ref: { scope: 'agent', id: r.agentId, metric: 'agent_frt_s' }, cell: r.frt }, { ref: { scope: 'agent', id: r.agentId, metric: 'fcr_pct' }, cell: r.fcr });
  for (const t of state.teams) out.push({ ref: { scope: 'team', id: t.teamId, metric: 'aht_s' }, cell: t.aht }, { ref: { scope: 'team', id: t.teamId, metric: 'agent_frt_s' }, cell: t.frt }, { ref: { scope: 'team', id: t.teamId, metric: 'fcr_pct' }, cell: t.fcr });
  for (const q of state.queues) {
    out.push({ ref: { scope: 'queue', id: q.queueId, metric: 'service_level_pct' }, cell: q.serviceLevel }, { ref: { scope: 'queue', id: q.queueId, metric: 'asa_s' }, cell: q.asa }, { ref: { scope: 'queue', id: q.queueId, metric: 'abandon_pct' }, cell: q.abandon });
  }
  const c = state.centre;
  const centre: [BoardCellRef['metric'], BoardCell][] = [['service_level_pct', c.serviceLevel], ['asa_s', c.asa], ['abandon_pct', c.abandon], ['aht_s', c.aht], ['agent_frt_s', c.frt], ['fcr_pct', c.fcr]];
  for (const [metric, cell] of centre) out.push({ ref: { scope: 'centre', metric }, cell });
  return out;
}

const keyOf = (ref: BoardCellRef) => `${ref.scope}:${ref.scope === 'centre' ? '' : ref.id}:${ref.metric}`;

/** The board with every number traced, the way a supervisor opening each of them would (`trace` asks the server for one). */
export async function traceBoard(state: BoardState, trace: (ref: BoardCellRef) => Promise<BoardTrace>): Promise<TracedBoard> {
  const traces = new Map<string, BoardTrace>();
  for (const { ref } of boardCells(state)) traces.set(keyOf(ref), await trace(ref));
  return { state, trace: (ref) => traces.get(keyOf(ref)) };
}
