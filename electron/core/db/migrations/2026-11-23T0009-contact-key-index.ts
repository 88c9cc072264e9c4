import type { Kysely } from 'kysely';

/** All legs of a contact by its key: metrics load whole contacts, never a part of one. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('calls_contact_key').on('calls').column('contact_key').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calls_contact_key').execute();
}
