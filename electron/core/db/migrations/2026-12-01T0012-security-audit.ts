import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/** Security audit trail: sign-ins and their failures, supervisor actions, refused connections. Append-only; never a secret. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('security_audit'))
    .addColumn('at', 'bigint', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('principal', 'text')
    .addColumn('address', 'text')
    .addColumn('detail', 'text', notNull)
    .execute();
  await db.schema.createIndex('security_audit_kind_at').on('security_audit').columns(['kind', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('security_audit').execute();
}
