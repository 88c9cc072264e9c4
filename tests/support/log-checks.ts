import SqliteDatabase from 'better-sqlite3';
import type { AgentRow, BoardState } from '../../shared/contract/schemas/board';

/**
 * Independent checks of the event log against the tables it sits beside, and an independent fold
 * of the log into what the board's agent rows must show. Written from the log's contract (one
 * event per state change, in the change's transaction), not from the core's projection code.
 */

export interface EventRow {
  id: number;
  at: number;
  type: string;
  agent_id: number | null;
  call_id: number | null;
  data: string;
}

const key = (...parts: unknown[]) => JSON.stringify(parts);

function multisetDifference(label: string, tables: string[], log: string[]): string[] {
  const count = new Map<string, number>();
  for (const k of tables) count.set(k, (count.get(k) ?? 0) + 1);
  for (const k of log) count.set(k, (count.get(k) ?? 0) - 1);
  const out: string[] = [];
  for (const [k, n] of count) {
    if (n > 0) out.push(`${label}: ${k} is in the tables but not in the log (${n}×)`);
    if (n < 0) out.push(`${label}: ${k} is in the log ${-n}× more than in the tables`);
  }
  return out.slice(0, 20);
}

/** Every stored change has exactly one event, and every event one change: nothing lost, nothing applied twice. */
export function checkLogAgainstTables(file: string): string[] {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const events = db.prepare('SELECT * FROM events ORDER BY id').all() as EventRow[];
    const problems: string[] = [];
    const { n, max } = db.prepare('SELECT count(*) AS n, coalesce(max(id), 0) AS max FROM events').get() as { n: number; max: number };
    if (n !== max) problems.push(`event ids have gaps: ${n} events, highest id ${max}`);
    for (let i = 1; i < events.length; i++) {
      if ((events[i] as EventRow).at < (events[i - 1] as EventRow).at - 12 * 3600_000) problems.push(`event ${(events[i] as EventRow).id} is far older than the one before`);
    }
    const ofType = (type: string) => events.filter((e) => e.type === type);

    const reported = db
      .prepare("SELECT call_id, type, at FROM call_events WHERE client_event_id IS NOT NULL AND type NOT IN ('offer-shown', 'offer-answered')")
      .all() as { call_id: number; type: string; at: number }[];
    const impressions = db.prepare("SELECT call_id, at FROM call_events WHERE type = 'offer-shown'").all() as { call_id: number; at: number }[];
    problems.push(...multisetDifference('offer impression', impressions.map((r) => key(r.call_id, r.at)), ofType('offer.shown').map((e) => key(e.call_id, e.at))));
    problems.push(
      ...multisetDifference(
        'call report',
        reported.map((r) => key(r.call_id, r.type, r.at)),
        ofType('call.reported').map((e) => key(e.call_id, (JSON.parse(e.data) as { event: { type: string } }).event.type, e.at)),
      ),
    );
    const presence = db.prepare('SELECT agent_id, state, reason, at FROM agent_state_changes').all() as { agent_id: number; state: string; reason: string | null; at: number }[];
    problems.push(
      ...multisetDifference(
        'presence change',
        presence.map((p) => key(p.agent_id, p.state, p.reason, p.at)),
        ofType('presence.changed').map((e) => {
          const d = JSON.parse(e.data) as { state: string; reason: string | null; since: number };
          return key(e.agent_id, d.state, d.reason, d.since);
        }),
      ),
    );
    for (const [tableType, logType] of [
      ['wrap-up-submitted', 'wrapUp.submitted'],
      ['wrap-up-ended', 'wrapUp.ended'],
      ['wrap-up-extended', 'wrapUp.extended'],
    ] as const) {
      const rows = db.prepare('SELECT call_id FROM call_events WHERE type = ?').all(tableType) as { call_id: number }[];
      problems.push(...multisetDifference(tableType, rows.map((r) => key(r.call_id)), ofType(logType).map((e) => key(e.call_id))));
    }
    return problems;
  } finally {
    db.close();
  }
}

type Phase = NonNullable<AgentRow['call']>['phase'];
interface FoldedCall {
  callId: number;
  phase: Phase;
  since: number;
  answeredAt: number | null;
}
export interface FoldedRow {
  state: string;
  reason: string | null;
  since: number;
  call: { callId: number; phase: Phase } | null;
}

const ORDER: Record<Phase, number> = { talking: 0, held: 0, ringing: 1, 'wrap-up': 2 };

/** The board's agent rows (presence and the call shown), from the event log alone. */
export function foldAgentRows(file: string): Map<number, FoldedRow> {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return foldAgentEvents(db.prepare('SELECT * FROM events ORDER BY id').all() as EventRow[]);
  } finally {
    db.close();
  }
}

/** The same fold over events read from any store (id order). */
export function foldAgentEvents(events: readonly EventRow[]): Map<number, FoldedRow> {
  {
    const status = new Map<number, { state: string; reason: string | null; since: number }>();
    const calls = new Map<number, Map<number, FoldedCall>>();
    const callsOf = (agentId: number) => calls.get(agentId) ?? calls.set(agentId, new Map()).get(agentId) as Map<number, FoldedCall>;
    for (const e of events) {
      if (e.agent_id === null) continue;
      const data = JSON.parse(e.data) as Record<string, unknown>;
      if (e.type === 'presence.changed') {
        status.set(e.agent_id, { state: data.state as string, reason: data.reason as string | null, since: data.since as number });
        if (data.state === 'offline') calls.delete(e.agent_id);
        continue;
      }
      if (e.call_id === null) continue;
      const mine = callsOf(e.agent_id);
      const c = mine.get(e.call_id);
      if (e.type === 'call.reported') {
        const ev = (data as { event: { type: string; direction?: string } }).event;
        if (ev.type === 'offered') {
          const outbound = ev.direction === 'outbound';
          mine.set(e.call_id, { callId: e.call_id, phase: outbound ? 'talking' : 'ringing', since: e.at, answeredAt: null });
        } else if (c !== undefined) {
          if (ev.type === 'answered') Object.assign(c, { phase: 'talking', since: e.at, answeredAt: e.at });
          else if (ev.type === 'hold-started') Object.assign(c, { phase: 'held', since: e.at });
          else if (ev.type === 'hold-ended') Object.assign(c, { phase: 'talking', since: c.answeredAt ?? e.at });
          else if (ev.type === 'ended') {
            if (c.answeredAt !== null) Object.assign(c, { phase: 'wrap-up', since: e.at });
            else mine.delete(e.call_id);
          }
        }
      } else if (e.type === 'wrapUp.ended') {
        mine.delete(e.call_id);
      }
    }
    const rows = new Map<number, FoldedRow>();
    for (const [agentId, s] of status) {
      const open = [...(calls.get(agentId)?.values() ?? [])].sort((a, b) => ORDER[a.phase] - ORDER[b.phase] || a.since - b.since);
      const shown = open[0];
      rows.set(agentId, { ...s, call: shown === undefined ? null : { callId: shown.callId, phase: shown.phase } });
    }
    return rows;
  }
}

/** The board's agent rows against the fold of the log. */
export function boardRowProblems(board: BoardState, folded: Map<number, FoldedRow>, agentIds: readonly number[]): string[] {
  const out: string[] = [];
  for (const agentId of agentIds) {
    const row = board.agents.find((a) => a.agentId === agentId);
    const want = folded.get(agentId);
    if (want === undefined) continue;
    if (row === undefined) {
      out.push(`agent ${agentId}: no board row, the log says ${want.state}`);
      continue;
    }
    const got = { state: row.state, reason: row.reason, since: row.since, call: row.call === null ? null : { callId: row.call.callId, phase: row.call.phase } };
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`agent ${agentId}: board ${JSON.stringify(got)} ≠ log ${JSON.stringify(want)}`);
  }
  return out;
}

/**
 * Routing's reservations replayed from the log (ADR 0026): an agent decision holds each offered
 * agent until the PBX reports on that decision (answered, caller gone, a failed ring), a new
 * decision for the same call replaces it (a re-ask), or it lapses `lapseMs` after it was made
 * (ring timeout + margin: the instance that made it died, or the PBX never reported). An agent
 * offered again while still held was reserved twice.
 */
export function reservationOverlaps(events: readonly EventRow[], lapseMs: number): { offers: number; overlaps: string[] } {
  const holding = new Map<number, { decisionId: string; sipCallId: string; at: number; id: number }>();
  const overlaps: string[] = [];
  let offers = 0;
  for (const e of events) {
    if (e.type === 'routing.reported') {
      const { decisionId } = JSON.parse(e.data) as { decisionId: string | null };
      for (const [agentId, held] of holding) if (held.decisionId === decisionId) holding.delete(agentId);
    }
    if (e.type !== 'routing.decided') continue;
    const d = JSON.parse(e.data) as { sipCallId: string; decisionId: string; kind: string; offered: number[] };
    for (const [agentId, held] of holding) if (held.sipCallId === d.sipCallId) holding.delete(agentId);
    if (d.kind !== 'agent') continue;
    for (const agentId of d.offered) {
      offers += 1;
      const held = holding.get(agentId);
      if (held !== undefined && e.at < held.at + lapseMs) overlaps.push(`agent ${agentId}: offered ${d.sipCallId} (event ${e.id}) while still held for ${held.sipCallId} (event ${held.id})`);
      holding.set(agentId, { decisionId: d.decisionId, sipCallId: d.sipCallId, at: e.at, id: e.id });
    }
  }
  return { offers, overlaps };
}
