import { openSqlite } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { seedDemoData, type SeedOptions, type SeedSummary } from './demo-generator';
import { rebuildAffinities } from '../offers/affinity-job';
import { ensureReferenceData } from './reference-data';

export class DatabaseNotEmptyError extends Error {}

/** Create or reuse a SQLite file, migrate it, and fill it with demo data. Refuses to seed over existing customers. */
export async function seedDatabaseFile(file: string, options: SeedOptions): Promise<SeedSummary> {
  const conn = openSqlite(file);
  try {
    await migrateToLatest(conn.db);
    await ensureReferenceData(conn.db, options.anchor);
    const existing = conn.raw.prepare('SELECT count(*) AS n FROM customers').get() as { n: number };
    if (existing.n > 0) throw new DatabaseNotEmptyError(`${file} already holds ${existing.n} customers`);
    // Bulk load: durability is pointless until the load finishes, and the WAL would grow to the database's size.
    conn.raw.pragma('journal_mode = OFF');
    conn.raw.pragma('synchronous = OFF');
    const summary = seedDemoData(conn.raw, options);
    conn.raw.pragma('journal_mode = WAL');
    await rebuildAffinities(conn.db, options.anchor);
    return summary;
  } finally {
    await conn.close();
  }
}
