import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/**
 * Routing (issue 13, ADR 0026): each queue's policy as supervisors steer it (JSON; queue 0 is the
 * default queue, for calls without one), the reservation on an agent's desk (the call and decision
 * it is held for, and when it lapses if nobody reports), and every routing decision with its reasons,
 * found by the caller's SIP Call-ID for the call's drill-down.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('routing_policies')
    .addColumn('queue_id', 'bigint', (c) => c.primaryKey())
    .addColumn('policy', 'text', notNull)
    .addColumn('updated_at', 'bigint', notNull)
    .execute();
  await db.schema.alterTable('agent_desks').addColumn('reserved_call', 'text').execute();
  await db.schema.alterTable('agent_desks').addColumn('reserved_decision', 'text').execute();
  await db.schema.alterTable('agent_desks').addColumn('reserved_until', 'bigint').execute();
  await withId(db, db.schema.createTable('route_decisions'))
    .addColumn('decision_id', 'text', (c) => c.notNull().unique())
    .addColumn('sip_call_id', 'text', notNull)
    .addColumn('queue_id', 'bigint')
    .addColumn('agent_id', 'bigint')
    .addColumn('kind', 'text', notNull)
    .addColumn('step', 'text', notNull)
    .addColumn('at', 'bigint', notNull)
    .addColumn('detail', 'text', notNull)
    .execute();
  await db.schema.createIndex('route_decisions_by_call').on('route_decisions').columns(['sip_call_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('route_decisions').execute();
  for (const c of ['reserved_until', 'reserved_decision', 'reserved_call']) await db.schema.alterTable('agent_desks').dropColumn(c).execute();
  await db.schema.dropTable('routing_policies').execute();
}
