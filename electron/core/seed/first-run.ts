import { existsSync } from 'node:fs';
import { openSqlite } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { DEMO_SUPERVISOR, upsertSupervisor } from '../agents/supervisors';
import type { SeedProgress } from './demo-generator';
import { seedDatabaseFile } from './seed-database';

export const FIRST_RUN_CUSTOMERS = 5_000;

async function customerCount(file: string): Promise<number> {
  const conn = openSqlite(file);
  try {
    await migrateToLatest(conn.db);
    return (conn.raw.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  } finally {
    await conn.close();
  }
}

/** On first run (no database, or one with no customers) fill a demo CRM so the app has something to show. Returns whether it seeded. */
export async function seedOnFirstRun(
  file: string,
  customers: number,
  onProgress: (p: SeedProgress) => void,
): Promise<boolean> {
  if (existsSync(file) && (await customerCount(file)) > 0) return false;
  await seedDatabaseFile(file, { customers, seed: 42, anchor: Date.now(), onProgress });
  const conn = openSqlite(file);
  try {
    await upsertSupervisor(conn.db, DEMO_SUPERVISOR, Date.now());
  } finally {
    await conn.close();
  }
  return true;
}
