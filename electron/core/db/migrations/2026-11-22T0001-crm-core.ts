import type { Kysely } from 'kysely';
import { notNull, withId } from '../dialect';

/** CRM core: customers and their numbers, products, orders, accounts. Frozen: change schema in a new migration. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('customers'))
    .addColumn('first_name', 'text', notNull)
    .addColumn('last_name', 'text', notNull)
    .addColumn('search_name', 'text', notNull)
    .addColumn('email', 'text')
    .addColumn('city', 'text')
    .addColumn('customer_since', 'bigint', notNull)
    .addColumn('updated_at', 'bigint', notNull)
    .execute();
  await db.schema.createIndex('customers_search_name').on('customers').column('search_name').execute();
  await db.schema.createIndex('customers_email').on('customers').column('email').execute();

  await withId(db, db.schema.createTable('customer_phones'))
    .addColumn('customer_id', 'bigint', (c) => c.notNull().references('customers.id'))
    .addColumn('e164', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('customer_phones_e164').on('customer_phones').columns(['e164', 'customer_id']).execute();
  await db.schema.createIndex('customer_phones_customer').on('customer_phones').column('customer_id').execute();

  await withId(db, db.schema.createTable('products'))
    .addColumn('sku', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('category', 'text', notNull)
    .addColumn('unit_price', 'bigint', notNull)
    .execute();

  await withId(db, db.schema.createTable('orders'))
    .addColumn('customer_id', 'bigint', (c) => c.notNull().references('customers.id'))
    .addColumn('ordered_at', 'bigint', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('total', 'bigint', notNull)
    .execute();
  // Covering index: the pop's spend aggregate and latest-orders scan never touch the table.
  await db.schema
    .createIndex('orders_customer_time')
    .on('orders')
    .columns(['customer_id', 'ordered_at', 'total'])
    .execute();

  await withId(db, db.schema.createTable('order_lines'))
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id'))
    .addColumn('product_id', 'bigint', (c) => c.notNull().references('products.id'))
    .addColumn('quantity', 'integer', notNull)
    .addColumn('unit_price', 'bigint', notNull)
    .addColumn('amount', 'bigint', notNull)
    .execute();
  await db.schema.createIndex('order_lines_order').on('order_lines').column('order_id').execute();

  await db.schema
    .createTable('accounts')
    .addColumn('customer_id', 'bigint', (c) => c.primaryKey().references('customers.id'))
    .addColumn('currency', 'text', notNull)
    .addColumn('balance', 'bigint', notNull)
    .addColumn('credit_limit', 'bigint', notNull)
    .addColumn('overdue', 'bigint', notNull)
    .addColumn('updated_at', 'bigint', notNull)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['accounts', 'order_lines', 'orders', 'products', 'customer_phones', 'customers']) {
    await db.schema.dropTable(t).execute();
  }
}
