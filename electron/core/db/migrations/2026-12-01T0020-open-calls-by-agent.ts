import { sql, type Kysely } from 'kysely';

/**
 * The calls still on an agent's desk (ringing, talking, or in after-call work), by agent: what
 * every desk write reads. Partial, so it holds only those few calls however long the history grows
 * (the plain agent index made each write scan the agent's whole session).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('calls_on_desk')
    .on('calls')
    .columns(['agent_id', 'offered_at'])
    .where(sql<boolean>`"wrap_up_ended_at" is null and ("ended_at" is null or "answered_at" is not null)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calls_on_desk').execute();
}
