import { sql, type Kysely } from 'kysely';
import { isSqlite, notNull } from '../dialect';

/**
 * PostgreSQL only (ADR 0036): event ids come from a one-row head counter that the appending
 * transaction updates, so appends are serialised until commit and ids are gap-free and become
 * visible in id order (an identity/sequence hands out ids before commit: a later id could commit
 * first and a reader's cursor would skip the earlier one). SQLite needs nothing: it has one
 * writer at a time and its AUTOINCREMENT rolls back with the transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`ALTER TABLE events ALTER COLUMN id DROP IDENTITY IF EXISTS`.execute(db);
  await db.schema
    .createTable('event_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_id', 'bigint', notNull)
    .execute();
  await sql`INSERT INTO event_head (id, last_id) SELECT 1, coalesce(max(id), 0) FROM events`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await db.schema.dropTable('event_head').execute();
  await sql`ALTER TABLE events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY`.execute(db);
  await sql`SELECT setval(pg_get_serial_sequence('events', 'id'), coalesce(max(id), 0) + 1, false) FROM events`.execute(db);
}
