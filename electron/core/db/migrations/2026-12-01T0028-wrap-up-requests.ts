import type { Kysely } from 'kysely';
import { notNull } from '../dialect';

/**
 * Wrap-up submits carry a client-chosen request id (ADR 0045): one row per submit applied, so a
 * submit resent after its answer was lost (the instance died between commit and reply) is
 * recognised and applied once, and the same id with another payload is refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wrap_up_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'bigint', notNull)
    .addColumn('call_id', 'bigint', notNull)
    .addColumn('fingerprint', 'text', notNull)
    .addColumn('at', 'bigint', notNull)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wrap_up_requests').execute();
}
