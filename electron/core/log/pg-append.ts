import { CompiledQuery } from 'kysely';
import { DEFERRED } from '../db/dialect';
import type { Tx } from './event-log';
import { EVENTS_CHANNEL } from './pg-bus';

/** One event as the log stores it, before it has an id. */
export interface EventValues {
  at: number;
  type: string;
  agent_id: number | null;
  call_id: number | null;
  data: string;
}

/**
 * PostgreSQL (ADR 0063, amends ADR 0040): a transaction's events, numbered from the head counter and
 * inserted together by its last statement, which also sends the team's one NOTIFY. The head row's
 * lock is taken here and held to COMMIT, so ids stay gap-free and become visible in id order (ADR
 * 0036). A missing counter row is recreated from the log (`max(id)`), as the trigger did.
 */
const NUMBER_AND_INSERT = `${DEFERRED}WITH head AS (
  INSERT INTO event_head (id, last_id) SELECT 1, coalesce(max(id), 0) + $1::bigint FROM events WHERE id > 0
  ON CONFLICT (id) DO UPDATE SET last_id = event_head.last_id + $1::bigint
  RETURNING last_id
), woken AS (SELECT pg_notify('${EVENTS_CHANNEL}', ''))
INSERT INTO events (id, at, type, agent_id, call_id, data)
SELECT head.last_id - $1::bigint + e.n, e.at, e.type, e.agent_id, e.call_id, e.data
FROM head, woken, unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) WITH ORDINALITY AS e(at, type, agent_id, call_id, data, n)`;

/**
 * Send the statement that numbers and stores `events` as the transaction's last one, without waiting
 * for it (ADR 0056): Kysely's COMMIT follows in the same turn of the event loop, so the two reach the
 * server together and the head row is never held across a client round trip. Its failure is the
 * COMMIT's, and the transaction rolls back.
 */
export async function insertAtCommit(tx: Tx, events: readonly EventValues[]): Promise<void> {
  if (events.length === 0) return;
  await tx.executeQuery(
    CompiledQuery.raw(NUMBER_AND_INSERT, [
      events.length,
      events.map((e) => e.at),
      events.map((e) => e.type),
      events.map((e) => e.agent_id),
      events.map((e) => e.call_id),
      events.map((e) => e.data),
    ]),
  );
}
