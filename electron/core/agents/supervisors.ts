import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/secrets';
import type { Database } from '../db/schema';

/** The demo floor's supervisor (demo databases only): sign in with extension 9000 and this password. */
export const DEMO_SUPERVISOR = { name: 'Sam Supervisor', extension: '9000', password: 'demo-supervisor' } as const;

/** Create or update a supervisor with a password (an existing agent on that extension is promoted). */
export async function upsertSupervisor(db: Kysely<Database>, s: { name: string; extension: string; password: string }, now: number): Promise<number> {
  const password_hash = await hashPassword(s.password);
  const existing = await db.selectFrom('agents').select('id').where('extension', '=', s.extension).executeTakeFirst();
  if (existing !== undefined) {
    await db.updateTable('agents').set({ name: s.name, role: 'supervisor', password_hash }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db
    .insertInto('agents')
    .values({ name: s.name, extension: s.extension, role: 'supervisor', team_id: null, created_at: now, password_hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
