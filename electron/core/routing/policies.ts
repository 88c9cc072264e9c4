import type { Kysely } from 'kysely';
import { DEFAULT_QUEUE_POLICY, type QueuePolicy } from '../../../shared/domain/routing/queue-policy';
import type { Database } from '../db/schema';
import type { EventLog } from '../log/event-log';

/** The key of the default queue's policy (calls the PBX sends without a queue). */
export const DEFAULT_QUEUE_KEY = 0;

/**
 * Each queue's routing policy. Read through a cache that a change clears at once, so a supervisor's
 * change takes effect on the next decision; a change is one transaction with its log event.
 */
export function createPolicies(db: Kysely<Database>, log: EventLog, now: () => number) {
  let cache: Map<number, QueuePolicy> | null = null;

  async function all(): Promise<Map<number, QueuePolicy>> {
    if (cache !== null) return cache;
    const rows = await db.selectFrom('routing_policies').selectAll().execute();
    cache = new Map(rows.map((r) => [Number(r.queue_id), { ...DEFAULT_QUEUE_POLICY, ...(JSON.parse(r.policy) as Partial<QueuePolicy>) }]));
    return cache;
  }

  return {
    async of(queueId: number | null): Promise<QueuePolicy> {
      const map = await all();
      return map.get(queueId ?? DEFAULT_QUEUE_KEY) ?? map.get(DEFAULT_QUEUE_KEY) ?? DEFAULT_QUEUE_POLICY;
    },
    async list(): Promise<Map<number, QueuePolicy>> {
      return new Map(await all());
    },
    async set(queueId: number | null, policy: QueuePolicy, by: number | null): Promise<void> {
      const key = queueId ?? DEFAULT_QUEUE_KEY;
      const at = now();
      await log.transact(async (tx) => {
        await tx
          .insertInto('routing_policies')
          .values({ queue_id: key, policy: JSON.stringify(policy), updated_at: at })
          .onConflict((oc) => oc.column('queue_id').doUpdateSet({ policy: JSON.stringify(policy), updated_at: at }))
          .execute();
        await log.append(tx, { type: 'routing.policySet', data: { queueId: key, by } }, at);
      });
      cache = null;
    },
    /** Forget the cache (another process changed a policy). */
    invalidate(): void {
      cache = null;
    },
  };
}

export type Policies = ReturnType<typeof createPolicies>;
