import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/**
 * What the live call write path needs: the softphone's own call key and event ids (so a
 * replayed report is recognised, not doubled), the contact a leg belongs to, the wrap-up
 * time box, how a wrap-up was closed, and the customer's soft data tags.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calls').addColumn('client_key', 'text').execute();
  await db.schema.alterTable('calls').addColumn('contact_key', 'text').execute();
  await db.schema.alterTable('calls').addColumn('queue_call_id', 'text').execute();
  await db.schema.alterTable('calls').addColumn('wrap_up_deadline', 'bigint').execute();
  await db.schema.alterTable('calls').addColumn('last_event_at', 'bigint').execute();
  await db.schema.createIndex('calls_agent_client_key').on('calls').columns(['agent_id', 'client_key']).unique().execute();
  await db.schema.createIndex('calls_wrap_up_ended').on('calls').column('wrap_up_ended_at').execute();
  await db.schema.createIndex('calls_offered').on('calls').column('offered_at').execute();
  await db.schema.createIndex('agent_state_changes_time').on('agent_state_changes').column('at').execute();

  await db.schema.alterTable('call_events').addColumn('client_event_id', 'text').execute();
  await db.schema.createIndex('call_events_client_event').on('call_events').column('client_event_id').unique().execute();

  await db.schema.alterTable('wrap_ups').addColumn('closed_by', 'text').execute();
  await db.schema.alterTable('wrap_ups').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await withId(db, db.schema.createTable('customer_tags'))
    .addColumn('customer_id', 'bigint', (c) => c.notNull().references('customers.id'))
    .addColumn('tag', 'text', notNull)
    .addColumn('call_id', 'bigint', (c) => c.references('calls.id'))
    .addColumn('at', 'bigint', notNull)
    .execute();
  await db.schema.createIndex('customer_tags_customer').on('customer_tags').columns(['customer_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_tags').execute();
  for (const index of ['call_events_client_event', 'agent_state_changes_time', 'calls_offered', 'calls_wrap_up_ended', 'calls_agent_client_key']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('wrap_ups').dropColumn('revision').execute();
  await db.schema.alterTable('wrap_ups').dropColumn('closed_by').execute();
  await db.schema.alterTable('call_events').dropColumn('client_event_id').execute();
  for (const column of ['last_event_at', 'wrap_up_deadline', 'queue_call_id', 'contact_key', 'client_key']) {
    await db.schema.alterTable('calls').dropColumn(column).execute();
  }
}
