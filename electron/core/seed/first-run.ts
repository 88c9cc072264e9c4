import { existsSync } from 'node:fs';
import { openSqlite } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { DEMO_SUPERVISOR, upsertSupervisor } from '../agents/supervisors';
import { newPassword } from '../auth/secrets';
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

/**
 * On first run (no database, or one with no customers) fill a demo CRM so the app has something to
 * show, with a demo supervisor whose random password is returned to be printed once (never stored
 * in clear, never the same on two installs). Null when the database was there already.
 */
export async function seedOnFirstRun(
  file: string,
  customers: number,
  onProgress: (p: SeedProgress) => void,
): Promise<{ supervisor: { name: string; extension: string; password: string } } | null> {
  if (existsSync(file) && (await customerCount(file)) > 0) return null;
  await seedDatabaseFile(file, { customers, seed: 42, anchor: Date.now(), onProgress });
  const supervisor = { ...DEMO_SUPERVISOR, password: newPassword() };
  const conn = openSqlite(file);
  try {
    await upsertSupervisor(conn.db, { ...supervisor, demo: true }, Date.now());
  } finally {
    await conn.close();
  }
  return { supervisor };
}

/** The one time the demo supervisor's password is shown. */
export function demoSupervisorNotice(s: { name: string; extension: string; password: string }): string {
  return `Demo supervisor ${s.name}: extension ${s.extension}, password ${s.password} (shown once; reset it from Agents on the board).`;
}
