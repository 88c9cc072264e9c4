import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/** Supervisors sign in with a password (stored as an scrypt hash); wallboards with a read-only token (stored hashed). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agents').addColumn('password_hash', 'text').execute();
  await withId(db, db.schema.createTable('wallboard_tokens'))
    .addColumn('label', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'bigint', (c) => c.references('agents.id'))
    .addColumn('created_at', 'bigint', notNull)
    .addColumn('revoked_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wallboard_tokens').execute();
  await db.schema.alterTable('agents').dropColumn('password_hash').execute();
}
