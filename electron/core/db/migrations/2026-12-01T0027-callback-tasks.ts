import type { Kysely } from 'kysely';
import { notNull } from '../dialect';

/**
 * Callback tasks (issue 13 item 4, ADR 0030): a known caller released at a queue's max wait is owed a
 * call back. The task is offered to a free agent like a call (a reservation on the desk), and ends
 * when the agent dials it (or goes back to the queue of tasks when they skip it or the offer lapses).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('callback_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sip_call_id', 'text', notNull)
    .addColumn('queue_id', 'bigint')
    .addColumn('customer_id', 'bigint')
    .addColumn('caller_e164', 'text', notNull)
    .addColumn('caller_display', 'text')
    .addColumn('created_at', 'bigint', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('agent_id', 'bigint')
    .addColumn('decision_id', 'text')
    .addColumn('offered_at', 'bigint')
    .addColumn('offer_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('done_at', 'bigint')
    .execute();
  await db.schema.createIndex('callback_tasks_by_status').on('callback_tasks').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('callback_tasks').execute();
}
