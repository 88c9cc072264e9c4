import { sql, type Kysely } from 'kysely';

/**
 * Calls whose after-call work is still open, by agent: what start-up recovery, "go ready" and
 * sign-out look for. A partial index (SQLite and PostgreSQL) stays tiny however many calls are stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('calls_open_wrap_up')
    .on('calls')
    .columns(['agent_id', 'wrap_up_deadline'])
    .where(sql.ref('wrap_up_ended_at'), 'is', null)
    .where(sql.ref('answered_at'), 'is not', null)
    .where(sql.ref('ended_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calls_open_wrap_up').execute();
}
