import { createHash } from 'node:crypto';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseNotEmptyError, seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { PLANTED_CUSTOMERS } from '../../electron/core/seed/planted-customers';
import { FIXTURE_ANCHOR } from '../support/seeded-core';
import { tempDir } from '../support/temp-dir';

function digest(file: string): string {
  const db = new SqliteDatabase(file, { readonly: true });
  const hash = createHash('sha256');
  for (const table of ['customers', 'customer_phones', 'accounts', 'orders', 'order_lines', 'products']) {
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1`).iterate()) hash.update(JSON.stringify(row));
  }
  db.close();
  return hash.digest('hex');
}

describe('demo generator', () => {
  const tmp = tempDir();
  const a = join(tmp.dir, 'a.db');
  const b = join(tmp.dir, 'b.db');
  const c = join(tmp.dir, 'c.db');
  const progress: number[] = [];
  let summary: Awaited<ReturnType<typeof seedDatabaseFile>>;

  beforeAll(async () => {
    summary = await seedDatabaseFile(a, {
      customers: 3_000,
      seed: 7,
      anchor: FIXTURE_ANCHOR,
      batchSize: 1_000,
      onProgress: (p) => progress.push(p.customersDone),
    });
    await seedDatabaseFile(b, { customers: 3_000, seed: 7, anchor: FIXTURE_ANCHOR });
    await seedDatabaseFile(c, { customers: 3_000, seed: 8, anchor: FIXTURE_ANCHOR });
  });
  afterAll(() => tmp.cleanup());

  it('produces identical rows for the same seed and different rows for another seed', () => {
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).not.toBe(digest(c));
  });

  it('reports progress after every batch, ending at the total', () => {
    expect(progress).toEqual([1_000, 2_000, 3_000]);
  });

  it('writes what its summary says, at about ten order lines per customer', () => {
    const db = new SqliteDatabase(a, { readonly: true });
    const count = (t: string): number => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect(count('customers')).toBe(summary.customers);
    expect(count('customer_phones')).toBe(summary.phones);
    expect(count('orders')).toBe(summary.orders);
    expect(count('order_lines')).toBe(summary.orderLines);
    expect(summary.orderLines / summary.customers).toBeGreaterThan(8.5);
    expect(summary.orderLines / summary.customers).toBeLessThan(11.5);
    // Order totals agree with their lines.
    const mismatched = db
      .prepare('SELECT count(*) AS n FROM orders o WHERE total <> (SELECT sum(amount) FROM order_lines l WHERE l.order_id = o.id)')
      .get() as { n: number };
    expect(mismatched.n).toBe(0);
    db.close();
  });

  it('plants the named customers, a shared household number and overdue accounts', () => {
    const db = new SqliteDatabase(a, { readonly: true });
    for (const p of PLANTED_CUSTOMERS) {
      const row = db.prepare('SELECT first_name, last_name FROM customers WHERE id = ?').get(p.id) as { first_name: string; last_name: string };
      expect(`${row.first_name} ${row.last_name}`).toBe(`${p.firstName} ${p.lastName}`);
    }
    const shared = db.prepare("SELECT count(*) AS n FROM customer_phones WHERE e164 = '+442079460959'").get() as { n: number };
    expect(shared.n).toBe(2);
    const overdue = db.prepare('SELECT count(*) AS n FROM accounts WHERE overdue > 0').get() as { n: number };
    expect(overdue.n / 3_000).toBeGreaterThan(0.04);
    db.close();
  });

  it('plants the co-purchase pattern: most laptop orders carry an add-on', () => {
    const db = new SqliteDatabase(a, { readonly: true });
    const r = db
      .prepare(
        `SELECT count(DISTINCT o.id) AS laptop_orders,
                count(DISTINCT CASE WHEN p2.sku LIKE 'LAPTOP-SLEEVE%' THEN o.id END) AS with_sleeve
           FROM orders o
           JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id AND p.sku LIKE 'LAPTOP-0%'
           JOIN order_lines l2 ON l2.order_id = o.id JOIN products p2 ON p2.id = l2.product_id`,
      )
      .get() as { laptop_orders: number; with_sleeve: number };
    expect(r.laptop_orders).toBeGreaterThan(100);
    expect(r.with_sleeve / r.laptop_orders).toBeGreaterThan(0.4);
    expect(r.with_sleeve / r.laptop_orders).toBeLessThan(0.6);
    db.close();
  });

  it('refuses to seed over a database that already has customers', async () => {
    await expect(seedDatabaseFile(a, { customers: 10, seed: 1, anchor: FIXTURE_ANCHOR })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
  });
});
