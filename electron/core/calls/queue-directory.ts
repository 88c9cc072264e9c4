import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import { cleanName } from '../../../shared/domain/clean-text';
import type { Database } from '../db/schema';

/** Unknown names remembered (to report each once) at most this many: a caller cycling names cannot grow memory. */
const MAX_REMEMBERED_UNKNOWN = 1_000;

/**
 * Queue names as the PBX sends them, mapped to queue ids. Queues are created by supervisors
 * (`queues.create`), never by a call: a name that is not a queue — a caller can forge the header
 * where the PBX does not strip it — leaves the call without a queue and is reported once.
 */
export function createQueueDirectory(db: Kysely<Database>, now: () => number, onUnknown: (name: string) => void = () => {}) {
  const ids = new Map<string, number>();
  const unknown = new Set<string>();

  async function find(name: string): Promise<number | null> {
    const cached = ids.get(name);
    if (cached !== undefined) return cached;
    const row = await db.selectFrom('queues').select('id').where('name', '=', name).executeTakeFirst();
    if (row === undefined) return null;
    ids.set(name, row.id);
    return row.id;
  }

  return {
    /** The id of a known queue, or null (no name, or not a queue). */
    async queueId(name: string | null): Promise<number | null> {
      const clean = cleanName(name ?? '', 64);
      if (clean === '') return null;
      const id = await find(clean);
      if (id === null && !unknown.has(clean) && unknown.size < MAX_REMEMBERED_UNKNOWN) {
        unknown.add(clean);
        onUnknown(clean);
      }
      return id;
    },
    async create(name: string): Promise<{ queueId: number; name: string; created: boolean }> {
      const clean = cleanName(name, 64);
      if (clean === '') throw new ContractFailure('INVALID_INPUT', 'a queue needs a name');
      const existing = await find(clean);
      if (existing !== null) return { queueId: existing, name: clean, created: false };
      await db.insertInto('queues').values({ name: clean, team_id: null, created_at: now() }).onConflict((oc) => oc.column('name').doNothing()).execute();
      unknown.delete(clean);
      return { queueId: (await find(clean)) as number, name: clean, created: true };
    },
  };
}

export type QueueDirectory = ReturnType<typeof createQueueDirectory>;
