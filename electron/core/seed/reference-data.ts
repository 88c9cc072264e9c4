import type { Kysely } from 'kysely';
import { PAYMENT_PLAN_CODE, WIN_BACK_CODE } from '../../../shared/domain/offers/next-best-offer';
import { queueNameKey } from '../../../shared/domain/queue-name';
import type { Database } from '../db/schema';

/** Default SLA targets from METRICS.md: value and which direction meets it; amber is within 10% of the target. */
export const DEFAULT_SLA_TARGETS: readonly { metric: string; target: number }[] = [
  { metric: 'service_level_pct', target: 80 },
  { metric: 'service_level_threshold_s', target: 20 },
  { metric: 'agent_frt_s', target: 20 },
  { metric: 'aht_s', target: 360 },
  { metric: 'fcr_pct', target: 75 },
  { metric: 'abandon_pct', target: 5 },
  { metric: 'occupancy_pct', target: 85 },
];

const QUEUES = ['Sales', 'Support', 'Billing', 'Retention'];
const DISPOSITIONS = [
  ['resolved', 'Resolved'],
  ['info', 'Information given'],
  ['sale', 'Sale made'],
  ['callback', 'Callback arranged'],
  ['escalated', 'Escalated'],
  ['complaint', 'Complaint logged'],
  ['wrong-number', 'Wrong number'],
] as const;

/**
 * Configuration every installation starts with (queues, SLA defaults, disposition codes).
 * Idempotent: runs at every start and only fills what is missing.
 */
export async function ensureReferenceData(db: Kysely<Database>, now: number): Promise<void> {
  const hasQueues = await db.selectFrom('queues').select('id').limit(1).executeTakeFirst();
  if (hasQueues !== undefined) return;
  await db.transaction().execute(async (tx) => {
    const team = await tx.insertInto('teams').values({ name: 'Front office' }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('queues')
      .values(QUEUES.map((name) => ({ name, name_key: queueNameKey(name), team_id: team.id, created_at: now })))
      .execute();
    await tx
      .insertInto('sla_targets')
      .values(DEFAULT_SLA_TARGETS.map((t) => ({ scope: 'default', scope_id: null, ...t, amber_band: 0.1, updated_at: now })))
      .execute();
    await tx
      .insertInto('offers')
      .values([
        { code: PAYMENT_PLAN_CODE, name: 'Payment plan', kind: 'payment-plan', product_id: null, active: 1 },
        { code: WIN_BACK_CODE, name: 'Win-back voucher', kind: 'retention', product_id: null, active: 1 },
      ])
      .execute();
    await tx
      .insertInto('dispositions')
      .values(DISPOSITIONS.map(([code, label], i) => ({ queue_id: null, code, label, sort_order: i + 1, active: 1 })))
      .execute();
  });
}
