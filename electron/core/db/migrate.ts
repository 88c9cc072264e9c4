import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { isSqlite } from './dialect';
import { migrations } from './migrations';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** PostgreSQL advisory lock key held while migrating ("FRONTLINE" in the low bytes): instances starting together take turns. */
export const MIGRATION_LOCK_KEY = 0x46524f4e544c;

/**
 * Bring a database to the latest schema; throws with the failing migration's name. On PostgreSQL
 * several instances may start at once: each migrates under a session advisory lock on one
 * connection, so one applies the migrations and the others then find nothing left to do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before and regardless of the typed schema (Kysely convention)
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (isSqlite(db)) return migrate(db);
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await migrate(conn);
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
async function migrate(db: Kysely<any>): Promise<string[]> {
  // Migrations written side by side may land out of name order (each adds its own tables and indexes):
  // one not yet applied that sorts before an applied one is still applied, not refused.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
