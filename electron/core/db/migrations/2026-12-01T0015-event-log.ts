import type { Kysely } from 'kysely';
import { isSqlite, notNull } from '../dialect';

/**
 * The event log, the spine of the core: every state change appends one row in the same
 * transaction as the change. Its id orders everything (board deltas are numbered by it).
 * agent_desks holds what an agent returns to after their calls, with a version that every
 * writer checks inside its transaction instead of holding an in-process lock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // AUTOINCREMENT on SQLite: ids are never reused, even after the newest rows are deleted.
  const table = isSqlite(db)
    ? db.schema.createTable('events').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : db.schema.createTable('events').addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
  await table
    .addColumn('at', 'bigint', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('agent_id', 'bigint')
    .addColumn('call_id', 'bigint')
    .addColumn('data', 'text', notNull)
    .execute();
  await db.schema.createIndex('events_by_agent').on('events').columns(['agent_id', 'id']).execute();
  await db.schema.createIndex('events_by_call').on('events').columns(['call_id', 'id']).execute();
  await db.schema.createIndex('events_by_time').on('events').columns(['at']).execute();

  await db.schema
    .createTable('agent_desks')
    .addColumn('agent_id', 'bigint', (c) => c.primaryKey().references('agents.id'))
    .addColumn('resting_state', 'text', notNull)
    .addColumn('resting_reason', 'text')
    .addColumn('next_state', 'text')
    .addColumn('next_reason', 'text')
    .addColumn('consecutive_misses', 'integer', (c) => c.notNull().defaultTo(0))
    // Calls offered before this (the agent's latest fresh sign-in) are no longer on the desk.
    .addColumn('session_from', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agent_desks').execute();
  await db.schema.dropTable('events').execute();
}
