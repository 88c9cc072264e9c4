import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Queue names as the PBX sends them, mapped to queue ids; a name seen for the first time becomes a queue. */
export function createQueueDirectory(db: Kysely<Database>, now: () => number) {
  const ids = new Map<string, number>();

  return async function queueId(name: string | null): Promise<number | null> {
    const clean = name?.replace(/[\p{C}]/gu, '').trim().slice(0, 64) ?? '';
    if (clean === '') return null;
    const cached = ids.get(clean);
    if (cached !== undefined) return cached;
    await db
      .insertInto('queues')
      .values({ name: clean, team_id: null, created_at: now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await db.selectFrom('queues').select('id').where('name', '=', clean).executeTakeFirstOrThrow();
    ids.set(clean, row.id);
    return row.id;
  };
}
