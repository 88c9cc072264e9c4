import { sql, type Kysely } from 'kysely';
import type { CallSummary } from '../../../shared/contract/schemas/board';
import type { CallFacts, Database } from '../db/schema';

interface Row extends CallFacts {
  agent: string | null;
  queue: string | null;
  caller_display: string | null;
  hold_ms: number | null;
  disposition: string | null;
  resolved: number | null;
}

/** The calls behind a number on the board, with their raw timestamps, in time order. */
export async function callSummaries(db: Kysely<Database>, callIds: readonly number[]): Promise<CallSummary[]> {
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
     WHERE c.id IN (${sql.join([...callIds])})
     ORDER BY c.offered_at, c.id`.execute(db);
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
