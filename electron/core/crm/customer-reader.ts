import type SqliteDatabase from 'better-sqlite3';
import type { CustomerRecord, Purchase } from '../../../shared/contract/schemas/crm';
import type { ValueSettings } from '../../../shared/contract/schemas/settings';
import { customerValue, tenureMonths } from '../../../shared/domain/customer-value';

export const RECENT_PURCHASES = 20;

interface CustomerRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  city: string | null;
  customer_since: number;
}
interface PhoneRow {
  e164: string;
  label: string;
  is_primary: number;
}
interface AccountRow {
  currency: string;
  balance: number;
  credit_limit: number;
  overdue: number;
}
interface SpendRow {
  order_count: number;
  total: number | null;
  first_at: number | null;
  last_at: number | null;
}
interface PurchaseRow {
  order_id: number;
  ordered_at: number;
  product_id: number;
  product_name: string;
  category: string;
  quantity: number;
  amount: number;
}

/**
 * The screen-pop read path on prepared better-sqlite3 statements (Kysely re-prepares each
 * query, about 2x slower; see DESIGN.md). Everything else reads through Kysely.
 */
export function createCustomerReader(raw: SqliteDatabase.Database, defaultCurrency: string) {
  const idsByPhone = raw.prepare<[string, number], { customer_id: number }>(
      'SELECT customer_id FROM customer_phones WHERE e164 = ? ORDER BY customer_id LIMIT ?',
  );

  const customer = raw.prepare<[number], CustomerRow>(
    'SELECT id, first_name, last_name, email, city, customer_since FROM customers WHERE id = ?',
  );
  const phones = raw.prepare<[number], PhoneRow>(
    'SELECT e164, label, is_primary FROM customer_phones WHERE customer_id = ? ORDER BY is_primary DESC, id',
  );
  const account = raw.prepare<[number], AccountRow>(
    'SELECT currency, balance, credit_limit, overdue FROM accounts WHERE customer_id = ?',
  );
  const spend = raw.prepare<[number], SpendRow>(
    `SELECT count(*) AS order_count, sum(total) AS total, min(ordered_at) AS first_at, max(ordered_at) AS last_at
       FROM orders WHERE customer_id = ?`,
  );
  const purchases = raw.prepare<[number, number], PurchaseRow>(
    `SELECT o.id AS order_id, o.ordered_at, l.product_id, p.name AS product_name, p.category, l.quantity, l.amount
       FROM orders o
       JOIN order_lines l ON l.order_id = o.id
       JOIN products p ON p.id = l.product_id
      WHERE o.customer_id = ?
      ORDER BY o.ordered_at DESC, l.id
      LIMIT ?`,
  );

  function customerIdsForNumber(e164: string, limit: number): number[] {
    return idsByPhone.all(e164, limit).map((r) => r.customer_id);
  }

  function record(id: number, now: number, value: ValueSettings): CustomerRecord | null {
    const c = customer.get(id);
    if (c === undefined) return null;
    const a = account.get(id);
    const s = spend.get(id) ?? { order_count: 0, total: null, first_at: null, last_at: null };
    const total = s.total ?? 0;
    const recent: Purchase[] = purchases.all(id, RECENT_PURCHASES).map((p) => ({
      orderId: p.order_id,
      orderedAt: p.ordered_at,
      productId: p.product_id,
      productName: p.product_name,
      category: p.category,
      quantity: p.quantity,
      amount: p.amount,
    }));
    return {
      id: c.id,
      displayName: `${c.first_name} ${c.last_name}`,
      firstName: c.first_name,
      lastName: c.last_name,
      email: c.email,
      city: c.city,
      customerSince: c.customer_since,
      tenureMonths: tenureMonths(c.customer_since, now),
      phones: phones.all(id).map((p) => ({ e164: p.e164, label: p.label, primary: p.is_primary === 1 })),
      account: {
        currency: a?.currency ?? defaultCurrency,
        balance: a?.balance ?? 0,
        creditLimit: a?.credit_limit ?? 0,
        overdue: a?.overdue ?? 0,
      },
      spend: { total, orderCount: s.order_count, firstOrderAt: s.first_at, lastOrderAt: s.last_at },
      recentPurchases: recent,
      value: customerValue(total, c.customer_since, now, value),
    };
  }

  return { customerIdsForNumber, record };
}

export type CustomerReader = ReturnType<typeof createCustomerReader>;
