import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/secrets';
import type { Database } from '../db/schema';
import { createEventLog } from '../log/event-log';
import { createWriterBus } from '../log/pg-bus';

/** The demo floor's supervisor (demo databases only): extension 9000, with a random password printed once at first run. */
export const DEMO_SUPERVISOR = { name: 'Sam Supervisor', extension: '9000' } as const;

/**
 * Create or update a supervisor with a password (an existing agent on that extension is promoted).
 * `demo`: the generated demo password, which keeps a host from listening beyond loopback until changed.
 */
export async function upsertSupervisor(
  db: Kysely<Database>,
  s: { name: string; extension: string; password: string; demo?: boolean },
  now: number,
): Promise<number> {
  const password_hash = await hashPassword(s.password);
  const demo_credential = s.demo === true ? 1 : 0;
  // Like every account change, with `agents.changed` in the same commit: running instances drop their
  // cached directory of this agent (routing's pool, the board's names) when they read it.
  const log = createEventLog(db, createWriterBus());
  return log.transact(async (tx) => {
    const existing = await tx.selectFrom('agents').select('id').where('extension', '=', s.extension).executeTakeFirst();
    let id: number;
    if (existing !== undefined) {
      await tx.updateTable('agents').set({ name: s.name, role: 'supervisor', password_hash, demo_credential, active: 1 }).where('id', '=', existing.id).execute();
      id = existing.id;
    } else {
      const row = await tx
        .insertInto('agents')
        .values({ name: s.name, extension: s.extension, role: 'supervisor', team_id: null, created_at: now, password_hash, demo_credential, takes_calls: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    await log.append(tx, { type: 'agents.changed', agentId: id, data: { change: existing === undefined ? 'created' : 'updated' } }, now);
    return id;
  });
}
