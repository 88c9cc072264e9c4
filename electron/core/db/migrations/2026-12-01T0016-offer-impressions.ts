import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/**
 * What each pop showed: one row per offer per impression, with its rank, score, the probability
 * it had of being shown first and the policy that decided (ADR 0016). `seen` is 'not-seen' when
 * the call went before the pop was painted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('offer_impressions'))
    .addColumn('call_id', 'bigint', (c) => c.notNull().references('calls.id'))
    .addColumn('agent_id', 'bigint', (c) => c.references('agents.id'))
    .addColumn('customer_id', 'bigint', (c) => c.notNull().references('customers.id'))
    .addColumn('offer_id', 'bigint', (c) => c.notNull().references('offers.id'))
    .addColumn('rank', 'integer', notNull)
    .addColumn('score', 'double precision', notNull)
    .addColumn('probability', 'double precision', notNull)
    .addColumn('policy_version', 'text', notNull)
    .addColumn('seen', 'text', notNull)
    .addColumn('at', 'bigint', notNull)
    .execute();
  await db.schema.createIndex('offer_impressions_call').on('offer_impressions').columns(['call_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('offer_impressions').execute();
}
