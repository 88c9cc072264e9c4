import { isDeepStrictEqual } from 'node:util';
import type { BoardCell, BoardCellRef, BoardTrace } from '../../shared/contract/schemas/board';
import type { MetricName, MetricSettings } from '../../shared/domain/metrics/types';
import { bruteForce, type Contact, type Expected, type Truth, type TruthScope } from './brute-force';
import type { TracedBoard } from './traced-board';

/** The brute force's figures for a scope (today, at the checkpoint). */
export type Oracle = (scope: TruthScope) => Record<MetricName, Expected>;

/** The brute force for today (local midnight to `now`) at `now`, one computation per scope. */
export function oracleAt(now: number, truth: Truth, contacts: Contact[], settings: MetricSettings): Oracle {
  const from = new Date(now).setHours(0, 0, 0, 0);
  const memo = new Map<string, ReturnType<Oracle>>();
  return (scope) => {
    const key = JSON.stringify(scope, (_k, v: unknown) => (v instanceof Set ? [...v].sort((a, b) => a - b) : v));
    let found = memo.get(key);
    if (found === undefined) {
      found = bruteForce(truth, contacts, { from, to: now + 1 }, now, settings, scope);
      memo.set(key, found);
    }
    return found;
  };
}

const shown = (e: Expected) => ({ value: e.value, provisional: e.provisional, calls: Math.min(e.callIds.length, 1000), callIds: e.callIds.slice(0, 1000) });
/** The number on screen, with the calls a supervisor gets when they trace it (board.trace). */
const onScreen = (c: BoardCell, trace: BoardTrace | undefined) => ({ value: c.value, provisional: c.provisional, calls: c.calls, callIds: trace?.callIds ?? [] });

function cellDifference(label: string, board: TracedBoard, ref: BoardCellRef, cell: BoardCell, want: Expected): string[] {
  const trace = board.trace(ref);
  // The number a supervisor traces is the number on the board, not another one.
  if (trace === undefined || !isDeepStrictEqual(trace.cell, cell)) return [`${label} ${want.metric}: traced ${JSON.stringify(trace?.cell)} ≠ shown ${JSON.stringify(cell)}`];
  const got = onScreen(cell, trace);
  const exp = shown(want);
  if (isDeepStrictEqual(got, exp)) return [];
  const onlyBoard = got.callIds.filter((id) => !exp.callIds.includes(id)).slice(0, 5);
  const onlyBrute = exp.callIds.filter((id) => !got.callIds.includes(id)).slice(0, 5);
  return [
    `${label} ${want.metric}: board ${JSON.stringify({ value: got.value, provisional: got.provisional, calls: got.calls })} ≠ brute force ${JSON.stringify({ value: exp.value, provisional: exp.provisional, calls: exp.calls })}; calls only on the board [${onlyBoard.join(' ')}], only in the brute force [${onlyBrute.join(' ')}]`,
  ];
}

function countDifference(label: string, name: string, got: number, want: number): string[] {
  return got === want ? [] : [`${label} ${name}: board ${got} ≠ brute force ${want}`];
}

/**
 * What a supervisor sees on the board — every agent row, every team row, the centre strip and
 * every queue tile, and the calls each number traces to — against an independent recomputation of the same day.
 */
export function boardDifferences(label: string, traced: TracedBoard, oracle: Oracle, teams: readonly { id: number; agentIds: readonly number[] }[]): string[] {
  const out: string[] = [];
  const board = traced.state;
  for (const row of board.agents) {
    const want = oracle({ kind: 'agents', agentIds: new Set([row.agentId]) });
    const at = `${label} agent row ${row.agentId}`;
    const agent = (metric: 'aht_s' | 'agent_frt_s' | 'fcr_pct', cell: BoardCell) => cellDifference(at, traced, { scope: 'agent', id: row.agentId, metric }, cell, want[metric]);
    out.push(...agent('aht_s', row.aht), ...agent('agent_frt_s', row.frt), ...agent('fcr_pct', row.fcr));
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
    const cellOf = (metric: 'aht_s' | 'agent_frt_s' | 'fcr_pct', cell: BoardCell) => cellDifference(at, traced, { scope: 'team', id: team.id, metric }, cell, want[metric]);
    out.push(...cellOf('aht_s', summary.aht), ...cellOf('agent_frt_s', summary.frt), ...cellOf('fcr_pct', summary.fcr));
    out.push(...countDifference(at, 'handled', summary.handled, want.handled.value ?? 0));
  }
  const all = oracle({ kind: 'all' });
  const c = board.centre;
  const at = `${label} centre strip`;
  const centre = (metric: BoardCellRef['metric'], cell: BoardCell) => cellDifference(at, traced, { scope: 'centre', metric }, cell, all[metric]);
  out.push(
    ...centre('service_level_pct', c.serviceLevel),
    ...centre('asa_s', c.asa),
    ...centre('abandon_pct', c.abandon),
    ...centre('aht_s', c.aht),
    ...centre('agent_frt_s', c.frt),
    ...centre('fcr_pct', c.fcr),
    ...countDifference(at, 'handled', c.handled, all.handled.value ?? 0),
    ...countDifference(at, 'offered', c.offered, all.abandon_pct.denominator),
  );
  for (const tile of board.queues) {
    const want = oracle({ kind: 'queue', queueId: tile.queueId });
    const q = `${label} queue tile ${tile.name}`;
    const cellOf = (metric: 'service_level_pct' | 'asa_s' | 'abandon_pct', cell: BoardCell) => cellDifference(q, traced, { scope: 'queue', id: tile.queueId, metric }, cell, want[metric]);
    out.push(
      ...cellOf('service_level_pct', tile.serviceLevel),
      ...cellOf('asa_s', tile.asa),
      ...cellOf('abandon_pct', tile.abandon),
      ...countDifference(q, 'handled', tile.handled, want.handled.value ?? 0),
      ...countDifference(q, 'offered', tile.offered, want.abandon_pct.denominator),
    );
  }
  return out;
}
