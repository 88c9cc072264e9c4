import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { copySqliteToPostgres } from '../db/copy-to-postgres';
import { LOCK_SPACE, lockForTransaction } from '../db/dialect';
import { migrateToLatest } from '../db/migrate';
import { inPostgresTransaction } from '../db/pg-transaction';
import { openPostgresStore, openSqliteStore } from '../db/store';
import type { SeedProgress } from './demo-generator';
import { seedOnFirstRun } from './first-run';

/**
 * A team's first start on an empty PostgreSQL database (no customers, no agents, no events): the
 * same demo CRM and demo supervisor as a desk's first run, seeded into a temporary SQLite file and
 * copied in within one transaction. Instances starting together take turns on an advisory lock;
 * the later ones find the data there and seed nothing. Null when the database was not empty.
 */
export async function seedPostgresOnFirstRun(
  url: string,
  customers: number,
  onProgress: (p: SeedProgress) => void,
): Promise<{ supervisor: { name: string; extension: string; password: string } } | null> {
  const store = openPostgresStore(url, { maxConnections: 1 });
  try {
    await migrateToLatest(store.db);
    return await inPostgresTransaction(store.pool, async (tx) => {
      await lockForTransaction(tx.db, LOCK_SPACE.firstRun, 0);
      const { rows } = await sql<{ n: number }>`SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM agents) + (SELECT count(*) FROM events) AS n`.execute(tx.db);
      if (Number(rows[0]?.n ?? 0) > 0) return null;
      const dir = mkdtempSync(join(tmpdir(), 'frontline-first-run-'));
      try {
        const file = join(dir, 'demo.db');
        const seeded = await seedOnFirstRun(file, customers, onProgress);
        const source = openSqliteStore(file);
        try {
          await copySqliteToPostgres(source.db, tx);
        } finally {
          await source.close();
        }
        return seeded;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } finally {
    await store.close();
  }
}
