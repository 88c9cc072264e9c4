import type pg from 'pg';
import type { TruthHold, TruthLeg } from '../simulation/brute-force';

/**
 * A team database's stored legs as the brute force reads them (tests/simulation/brute-force.ts):
 * plain SQL over the tables, nothing of the engine's. A leg's contact is its caller's call (the
 * PBX's Call-ID, which a routed caller's queue leg and desk leg share) or the leg alone; the team
 * tests make no transfers. Resolved comes from the submitted wrap-up only.
 */
export async function legsOfTeamDatabase(db: pg.Client): Promise<TruthLeg[]> {
  const { rows } = await db.query<{
    id: number; sip_call_id: string | null; direction: 'inbound' | 'outbound'; agent_id: number | null; queue_id: number | null; customer_id: number | null;
    caller_e164: string | null; caller_withheld: number; transferred_from_call_id: number | null; queued_at: number | null; offered_at: number | null;
    answered_at: number | null; ended_at: number | null; end_reason: string | null; wrap_up_ended_at: number | null; abandoned_at: number | null; resolved: number | null;
  }>(
    `SELECT c.id::int AS id, c.sip_call_id, c.direction, c.agent_id::int AS agent_id, c.queue_id::int AS queue_id, c.customer_id::int AS customer_id,
            c.caller_e164, c.caller_withheld::int AS caller_withheld, c.transferred_from_call_id::int AS transferred_from_call_id,
            c.queued_at::float8 AS queued_at, c.offered_at::float8 AS offered_at, c.answered_at::float8 AS answered_at, c.ended_at::float8 AS ended_at,
            c.end_reason, c.wrap_up_ended_at::float8 AS wrap_up_ended_at, c.abandoned_at::float8 AS abandoned_at,
            (SELECT w.resolved::int FROM wrap_ups w WHERE w.call_id = c.id AND w.submitted_at IS NOT NULL) AS resolved
       FROM calls c ORDER BY c.id`,
  );
  const holds = new Map<number, TruthHold[]>();
  const { rows: holdRows } = await db.query<{ call_id: number; started_at: number; ended_at: number | null }>(
    'SELECT call_id::int AS call_id, started_at::float8 AS started_at, ended_at::float8 AS ended_at FROM call_holds ORDER BY id',
  );
  for (const h of holdRows) holds.set(h.call_id, [...(holds.get(h.call_id) ?? []), { start: h.started_at, end: h.ended_at }]);
  return rows.map((r) => ({
    id: r.id,
    contact: r.sip_call_id ?? `leg ${r.id}`,
    direction: r.direction,
    agentId: r.agent_id,
    queueId: r.queue_id,
    customerId: r.customer_id,
    callerE164: r.caller_e164,
    withheld: r.caller_withheld === 1,
    transfer: r.transferred_from_call_id !== null,
    queuedAt: r.queued_at,
    offeredAt: r.offered_at,
    answeredAt: r.answered_at,
    holds: holds.get(r.id) ?? [],
    endedAt: r.ended_at,
    endReason: r.end_reason,
    wrapUpEndedAt: r.wrap_up_ended_at,
    abandonedAt: r.abandoned_at,
    resolved: r.resolved === null ? null : r.resolved === 1,
  }));
}
