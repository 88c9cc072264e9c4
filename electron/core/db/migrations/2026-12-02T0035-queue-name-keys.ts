import { sql, type Kysely } from 'kysely';
import { queueNameKey } from '../../../../shared/domain/queue-name';

/**
 * One queue per name whatever its case (ADR 0070): `name_key` holds the name folded in the app
 * (the dialects' lower() disagree beyond ASCII), unique — index queues_folded_name, since PostgreSQL
 * already gave the `name` column's own unique index the name queues_name_key. The stored `name`
 * keeps the case it was created with. Queues that already collide ("Sales" beside "sales") keep working: the oldest
 * takes the plain key — lookups by name find it — and each later one a key suffixed with its id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('queues').addColumn('name_key', 'text').execute();
  const rows = (await sql<{ id: number | string; name: string }>`SELECT id, name FROM queues ORDER BY id`.execute(db)).rows;
  const taken = new Set<string>();
  for (const row of rows) {
    const plain = queueNameKey(row.name);
    const key = taken.has(plain) ? `${plain}#${row.id}` : plain;
    taken.add(key);
    await sql`UPDATE queues SET name_key = ${key} WHERE id = ${row.id}`.execute(db);
  }
  await db.schema.createIndex('queues_folded_name').on('queues').column('name_key').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('queues_folded_name').execute();
  await db.schema.alterTable('queues').dropColumn('name_key').execute();
}
