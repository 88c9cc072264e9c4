import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/** Machine credentials of PBX adapters (ADR 0029): stored as SHA-256 of a random token, revocable. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('pbx_credentials'))
    .addColumn('label', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'bigint', (c) => c.references('agents.id'))
    .addColumn('created_at', 'bigint', notNull)
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pbx_credentials').execute();
}
