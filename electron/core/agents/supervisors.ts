import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import { checkAdminName, NAME_LIMITS } from '../../../shared/domain/admin-name';
import { EXTENSION_RULE, isValidExtension } from '../../../shared/domain/extension';
import { hashPassword } from '../auth/secrets';
import type { Database } from '../db/schema';
import { createEventLog } from '../log/event-log';
import { createWriterBus } from '../log/pg-bus';

/** The demo floor's supervisor (demo databases only): extension 9000, with a random password printed once at first run. */
export const DEMO_SUPERVISOR = { name: 'Sam Supervisor', extension: '9000' } as const;

/**
 * Create or update a supervisor with a password (an existing agent on that extension is promoted).
 * The extension follows the one rule every account's does; the name is refused, never cut, past its
 * limit. An existing account under another name is refused unless `rename` says to rename it (ADR
 * 0070): a mistyped extension would otherwise promote, rename and re-password someone else.
 * `demo`: the generated demo password, which keeps a host from listening beyond loopback until changed.
 */
export async function upsertSupervisor(
  db: Kysely<Database>,
  input: { name: string; extension: string; password: string; demo?: boolean; rename?: boolean },
  now: number,
): Promise<number> {
  const extension = input.extension.trim();
  if (!isValidExtension(extension)) throw new ContractFailure('INVALID_INPUT', `extension "${extension}" refused: ${EXTENSION_RULE}`);
  const checked = checkAdminName(input.name, 'supervisor', NAME_LIMITS.agent);
  if (!checked.ok) throw new ContractFailure('INVALID_INPUT', checked.error);
  const s = { ...input, name: checked.name, extension };
  const password_hash = await hashPassword(s.password);
  const demo_credential = s.demo === true ? 1 : 0;
  // Like every account change, with `agents.changed` in the same commit: running instances drop their
  // cached directory of this agent (routing's pool, the board's names) when they read it.
  const log = createEventLog(db, createWriterBus());
  return log.transact(async (tx) => {
    const existing = await tx.selectFrom('agents').select(['id', 'name']).where('extension', '=', s.extension).executeTakeFirst();
    let id: number;
    if (existing !== undefined) {
      if (existing.name !== s.name && s.rename !== true) {
        throw new ContractFailure(
          'CONFLICT',
          `extension ${s.extension} belongs to "${existing.name}", not "${s.name}": nothing changed (to promote them give their name; to rename them as well, say so: --rename)`,
        );
      }
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
