import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/** Calls with every raw timestamp, their append-only timeline, wrap-ups and offers. Metrics are computed from these. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('calls'))
    .addColumn('sip_call_id', 'text')
    .addColumn('direction', 'text', notNull) // 'inbound' | 'outbound'
    .addColumn('queue_id', 'bigint', (c) => c.references('queues.id'))
    .addColumn('agent_id', 'bigint', (c) => c.references('agents.id'))
    .addColumn('customer_id', 'bigint', (c) => c.references('customers.id'))
    .addColumn('caller_e164', 'text')
    .addColumn('caller_withheld', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('caller_display', 'text')
    .addColumn('transferred_from_call_id', 'bigint')
    .addColumn('queued_at', 'bigint')
    .addColumn('offered_at', 'bigint')
    .addColumn('answered_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('wrap_up_ended_at', 'bigint')
    .addColumn('abandoned_at', 'bigint')
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('calls_agent_offered').on('calls').columns(['agent_id', 'offered_at']).execute();
  await db.schema.createIndex('calls_queue_queued').on('calls').columns(['queue_id', 'queued_at']).execute();
  await db.schema.createIndex('calls_customer').on('calls').columns(['customer_id', 'queued_at']).execute();
  await db.schema.createIndex('calls_caller').on('calls').columns(['caller_e164', 'queued_at']).execute();

  await withId(db, db.schema.createTable('call_holds'))
    .addColumn('call_id', 'bigint', (c) => c.notNull().references('calls.id'))
    .addColumn('started_at', 'bigint', notNull)
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema.createIndex('call_holds_call').on('call_holds').column('call_id').execute();

  await withId(db, db.schema.createTable('call_events'))
    .addColumn('call_id', 'bigint', (c) => c.notNull().references('calls.id'))
    .addColumn('at', 'bigint', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('call_events_call').on('call_events').columns(['call_id', 'id']).execute();

  await withId(db, db.schema.createTable('dispositions'))
    .addColumn('queue_id', 'bigint', (c) => c.references('queues.id'))
    .addColumn('code', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('sort_order', 'integer', notNull)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('offers'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('kind', 'text', notNull) // 'cross-sell' | 'payment-plan' | 'retention'
    .addColumn('product_id', 'bigint', (c) => c.references('products.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await withId(db, db.schema.createTable('wrap_ups'))
    .addColumn('call_id', 'bigint', (c) => c.notNull().unique().references('calls.id'))
    .addColumn('agent_id', 'bigint', (c) => c.notNull().references('agents.id'))
    .addColumn('disposition_id', 'bigint', (c) => c.references('dispositions.id'))
    .addColumn('resolved', 'integer')
    .addColumn('notes', 'text')
    .addColumn('offer_id', 'bigint', (c) => c.references('offers.id'))
    .addColumn('offer_outcome', 'text')
    .addColumn('callback_at', 'bigint')
    .addColumn('tags', 'text')
    .addColumn('draft', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'bigint', notNull)
    .addColumn('submitted_at', 'bigint')
    .execute();

  await withId(db, db.schema.createTable('offer_outcomes'))
    .addColumn('call_id', 'bigint', (c) => c.references('calls.id'))
    .addColumn('customer_id', 'bigint', (c) => c.notNull().references('customers.id'))
    .addColumn('offer_id', 'bigint', (c) => c.notNull().references('offers.id'))
    .addColumn('outcome', 'text', notNull) // 'shown' | 'accepted' | 'declined'
    .addColumn('at', 'bigint', notNull)
    .execute();
  await db.schema.createIndex('offer_outcomes_customer').on('offer_outcomes').columns(['customer_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['offer_outcomes', 'wrap_ups', 'offers', 'dispositions', 'call_events', 'call_holds', 'calls']) {
    await db.schema.dropTable(t).execute();
  }
}
