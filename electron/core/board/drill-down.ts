import { sql, type Kysely } from 'kysely';
import type { CallSummary } from '../../../shared/contract/schemas/board';
import type { CallFacts, Database } from '../db/schema';
import { yieldToEventLoop } from '../util/yield-to-event-loop';

interface Row extends CallFacts {
  agent: string | null;
  queue: string | null;
  caller_display: string | null;
  hold_ms: number | null;
  disposition: string | null;
  resolved: number | null;
}

/**
 * Calls read per statement. On the 10M-call day 1,000 calls (a centre figure's trace) are ~20 ms of
 * SQLite on the event loop in one statement, more with cold pages; a quarter of them at a time, with
 * the loop free between, keeps a supervisor's drill-down from holding up the floor (ADR 0042).
 */
export const CALLS_PER_READ = 250;

/** Offered first to last, a call never offered (null) first, then by id: SQLite's `ORDER BY offered_at, id`. */
const inTimeOrder = (a: CallSummary, b: CallSummary): number =>
  a.offeredAt === b.offeredAt ? a.callId - b.callId : a.offeredAt === null ? -1 : b.offeredAt === null ? 1 : a.offeredAt - b.offeredAt;

/** The calls behind a number on the board, with their raw timestamps, in time order. */
export async function callSummaries(db: Kysely<Database>, callIds: readonly number[], perRead = CALLS_PER_READ): Promise<CallSummary[]> {
  const out: CallSummary[] = [];
  for (let i = 0; i < callIds.length; i += perRead) {
    if (i > 0) await yieldToEventLoop();
    out.push(...(await readSummaries(db, callIds.slice(i, i + perRead))));
  }
  return out.sort(inTimeOrder);
}

async function readSummaries(db: Kysely<Database>, callIds: readonly number[]): Promise<CallSummary[]> {
  const result = await sql<Row>`
    SELECT c.id, a.name AS agent, q.name AS queue, c.caller_display, c.caller_e164, c.caller_withheld, c.direction,
           c.queued_at, c.offered_at, c.answered_at, c.ended_at, c.wrap_up_ended_at, c.abandoned_at, c.end_reason,
           (SELECT sum(coalesce(h.ended_at, c.ended_at) - h.started_at) FROM call_holds h WHERE h.call_id = c.id) AS hold_ms,
           d.label AS disposition, w.resolved
      FROM calls c
      LEFT JOIN agents a ON a.id = c.agent_id
      LEFT JOIN queues q ON q.id = c.queue_id
      LEFT JOIN wrap_ups w ON w.call_id = c.id AND w.draft = 0
      LEFT JOIN dispositions d ON d.id = w.disposition_id
     WHERE c.id IN (${sql.join([...callIds])})`.execute(db);
  return result.rows.map((r) => ({
    callId: r.id,
    agent: r.agent,
    queue: r.queue,
    caller: r.caller_withheld === 1 ? 'Withheld' : ((r.caller_display ?? r.caller_e164)?.slice(0, 64) ?? null),
    direction: r.direction === 'outbound' ? 'outbound' : 'inbound',
    queuedAt: r.queued_at,
    offeredAt: r.offered_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    wrapUpEndedAt: r.wrap_up_ended_at,
    abandonedAt: r.abandoned_at,
    holdS: (r.hold_ms ?? 0) / 1000,
    endReason: r.end_reason,
    disposition: r.disposition,
    resolved: r.resolved === null ? null : r.resolved === 1,
  }));
}
