import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import { checkAdminName, NAME_LIMITS } from '../../../shared/domain/admin-name';
import { cleanText } from '../../../shared/domain/clean-text';
import { queueNameKey } from '../../../shared/domain/queue-name';
import type { Database } from '../db/schema';

/** Unknown names remembered (to report each once) at most this many: a caller cycling names cannot grow memory. */
const MAX_REMEMBERED_UNKNOWN = 1_000;

/**
 * Queue names as the PBX sends them, mapped to queue ids. Queues are created by supervisors
 * (`queues.create`), never by a call: a name that is not a queue — a caller can forge the header
 * where the PBX does not strip it — leaves the call without a queue and is reported once.
 * Names are one queue whatever their case (ADR 0070): "sales" finds "Sales", and cannot be created beside it.
 */
export function createQueueDirectory(db: Kysely<Database>, now: () => number, onUnknown: (name: string) => void = () => {}) {
  const known = new Map<string, { id: number; name: string }>();
  const unknown = new Set<string>();

  async function stored(key: string): Promise<{ id: number; name: string } | undefined> {
    return db.selectFrom('queues').select(['id', 'name']).where('name_key', '=', key).executeTakeFirst();
  }

  async function find(key: string): Promise<{ id: number; name: string } | null> {
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const row = await stored(key);
    if (row === undefined) return null;
    known.set(key, row);
    return row;
  }

  function sameNameRefused(existing: { id: number; name: string }, asked: string): never {
    throw new ContractFailure('CONFLICT', `queue "${existing.name}" (#${existing.id}) already exists: queue names ignore case, so "${asked}" would be the same queue`);
  }

  /** A known queue by any spelling of its name — its id and its name as stored — or null (no name, not a queue, or longer than any queue name: never cut to fit one). */
  async function queue(name: string | null): Promise<{ id: number; name: string } | null> {
    const clean = cleanText(name ?? '');
    if (clean === '') return null;
    const tooLong = Array.from(clean).length > NAME_LIMITS.queue;
    const key = queueNameKey(clean);
    const found = tooLong ? null : await find(key);
    if (found === null && !unknown.has(key) && unknown.size < MAX_REMEMBERED_UNKNOWN) {
      unknown.add(key);
      onUnknown(tooLong ? `${Array.from(clean).slice(0, NAME_LIMITS.queue).join('')}…` : clean);
    }
    return found;
  }

  return {
    queue,
    /** The id of a known queue (`queue`), or null. */
    async queueId(name: string | null): Promise<number | null> {
      return (await queue(name))?.id ?? null;
    },
    /**
     * Add a queue, or find it when one of exactly this name exists. Refused: no name, a name over
     * the limit (never cut), and a name that differs from an existing queue's only by case.
     */
    async create(name: string): Promise<{ queueId: number; name: string; created: boolean }> {
      const checked = checkAdminName(name, 'queue', NAME_LIMITS.queue);
      if (!checked.ok) throw new ContractFailure('INVALID_INPUT', checked.error);
      const clean = checked.name;
      const key = queueNameKey(clean);
      const existing = await stored(key);
      if (existing !== undefined) {
        if (existing.name !== clean) sameNameRefused(existing, clean);
        return { queueId: existing.id, name: clean, created: false };
      }
      await db.insertInto('queues').values({ name: clean, name_key: key, team_id: null, created_at: now() }).onConflict((oc) => oc.doNothing()).execute();
      // Another writer may have added the same name in another case between the read and the insert.
      const row = await stored(key);
      if (row === undefined) throw new ContractFailure('CONFLICT', `queue "${clean}" could not be added; try again`);
      if (row.name !== clean) sameNameRefused(row, clean);
      unknown.delete(key);
      known.set(key, row);
      return { queueId: row.id, name: clean, created: true };
    },
  };
}

export type QueueDirectory = ReturnType<typeof createQueueDirectory>;
