import { isDeepStrictEqual } from 'node:util';
import type { BoardCell, BoardState } from '../../shared/contract/schemas/board';
import type { MetricName } from '../../shared/domain/metrics/types';
import type { Expected, TruthScope } from './brute-force';

/** The brute force's figures for a scope (today, at the checkpoint). */
export type Oracle = (scope: TruthScope) => Record<MetricName, Expected>;

const shown = (e: Expected) => ({ value: e.value, provisional: e.provisional, callIds: e.callIds.slice(0, 1000) });
const onScreen = (c: BoardCell) => ({ value: c.value, provisional: c.provisional, callIds: c.callIds });

function cellDifference(label: string, cell: BoardCell, want: Expected): string[] {
  const got = onScreen(cell);
  const exp = shown(want);
  if (isDeepStrictEqual(got, exp)) return [];
  const onlyBoard = got.callIds.filter((id) => !exp.callIds.includes(id)).slice(0, 5);
  const onlyBrute = exp.callIds.filter((id) => !got.callIds.includes(id)).slice(0, 5);
  return [`${label} ${want.metric}: board ${JSON.stringify({ value: got.value, provisional: got.provisional })} ≠ brute force ${JSON.stringify({ value: exp.value, provisional: exp.provisional })}; calls only on the board [${onlyBoard.join(' ')}], only in the brute force [${onlyBrute.join(' ')}]`];
}

function countDifference(label: string, name: string, got: number, want: number): string[] {
  return got === want ? [] : [`${label} ${name}: board ${got} ≠ brute force ${want}`];
}

/**
 * What a supervisor sees on the board — every agent row, every team row, the centre strip and
 * every queue tile — against an independent recomputation of the same day.
 */
export function boardDifferences(
  label: string,
  board: BoardState,
  oracle: Oracle,
  teams: readonly { id: number; agentIds: readonly number[] }[],
): string[] {
  const out: string[] = [];
  for (const row of board.agents) {
    const want = oracle({ kind: 'agents', agentIds: new Set([row.agentId]) });
    const at = `${label} agent row ${row.agentId}`;
    out.push(...cellDifference(at, row.aht, want.aht_s), ...cellDifference(at, row.frt, want.agent_frt_s), ...cellDifference(at, row.fcr, want.fcr_pct));
    out.push(...countDifference(at, 'handled', row.handled, want.handled.value ?? 0));
  }
  for (const team of teams) {
    const summary = board.teams.find((t) => t.teamId === team.id);
    if (summary === undefined) {
      out.push(`${label} team ${team.id}: missing from the board`);
      continue;
    }
    const want = oracle({ kind: 'agents', agentIds: new Set(team.agentIds) });
    const at = `${label} team row ${team.id}`;
    out.push(...cellDifference(at, summary.aht, want.aht_s), ...cellDifference(at, summary.frt, want.agent_frt_s), ...cellDifference(at, summary.fcr, want.fcr_pct));
    out.push(...countDifference(at, 'handled', summary.handled, want.handled.value ?? 0));
  }
  const all = oracle({ kind: 'all' });
  const c = board.centre;
  const at = `${label} centre strip`;
  out.push(
    ...cellDifference(at, c.serviceLevel, all.service_level_pct),
    ...cellDifference(at, c.asa, all.asa_s),
    ...cellDifference(at, c.abandon, all.abandon_pct),
    ...cellDifference(at, c.aht, all.aht_s),
    ...cellDifference(at, c.frt, all.agent_frt_s),
    ...cellDifference(at, c.fcr, all.fcr_pct),
    ...countDifference(at, 'handled', c.handled, all.handled.value ?? 0),
    ...countDifference(at, 'offered', c.offered, all.abandon_pct.denominator),
  );
  for (const tile of board.queues) {
    const want = oracle({ kind: 'queue', queueId: tile.queueId });
    const q = `${label} queue tile ${tile.name}`;
    out.push(
      ...cellDifference(q, tile.serviceLevel, want.service_level_pct),
      ...cellDifference(q, tile.asa, want.asa_s),
      ...cellDifference(q, tile.abandon, want.abandon_pct),
      ...countDifference(q, 'handled', tile.handled, want.handled.value ?? 0),
      ...countDifference(q, 'offered', tile.offered, want.abandon_pct.denominator),
    );
  }
  return out;
}
