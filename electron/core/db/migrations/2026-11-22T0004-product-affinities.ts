import type { Kysely } from 'kysely';
import { notNull } from '../dialect';

/** "Customers who bought X also bought Y", measured over recent baskets; rebuilt by the affinity job. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('product_affinities')
    .addColumn('from_product_id', 'bigint', (c) => c.notNull().references('products.id'))
    .addColumn('to_product_id', 'bigint', (c) => c.notNull().references('products.id'))
    .addColumn('baskets_both', 'bigint', notNull)
    .addColumn('baskets_from', 'bigint', notNull)
    .addColumn('baskets_to', 'bigint', notNull)
    .addColumn('baskets_total', 'bigint', notNull)
    .addColumn('confidence', 'double precision', notNull)
    .addColumn('lift', 'double precision', notNull)
    .addColumn('computed_at', 'bigint', notNull)
    .addPrimaryKeyConstraint('product_affinities_pk', ['from_product_id', 'to_product_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('product_affinities').execute();
}
