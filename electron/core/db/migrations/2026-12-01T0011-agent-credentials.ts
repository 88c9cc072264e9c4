import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/**
 * Agents are provisioned by supervisors (ADR 0024): active flag, a marker for demo credentials
 * (quick-start agents and the generated demo supervisor), skills, languages, queues, whether a
 * supervisor takes calls; server-issued session tokens (stored hashed); wallboard tokens expire.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agents').addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('agents').addColumn('demo_credential', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('agents').addColumn('takes_calls', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('agents').addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('agents').addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('agents').addColumn('queue_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  // Until now anyone could sign in as anyone without a password: those agents keep working only in the demo quick start.
  await db
    .updateTable('agents' as never)
    .set({ demo_credential: 1 } as never)
    .where('password_hash' as never, 'is', null)
    .execute();

  await withId(db, db.schema.createTable('agent_sessions'))
    .addColumn('agent_id', 'bigint', (c) => c.notNull().references('agents.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', notNull)
    .addColumn('last_seen_at', 'bigint', notNull)
    .addColumn('address', 'text')
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('agent_sessions_agent').on('agent_sessions').columns(['agent_id', 'revoked_at']).execute();

  await db.schema.alterTable('wallboard_tokens').addColumn('expires_at', 'bigint').execute();
  await db.schema.alterTable('wallboard_tokens').addColumn('last_used_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wallboard_tokens').dropColumn('last_used_at').execute();
  await db.schema.alterTable('wallboard_tokens').dropColumn('expires_at').execute();
  await db.schema.dropTable('agent_sessions').execute();
  for (const c of ['queue_ids', 'languages', 'skills', 'takes_calls', 'demo_credential', 'active']) {
    await db.schema.alterTable('agents').dropColumn(c).execute();
  }
}
