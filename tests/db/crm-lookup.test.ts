import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupByPhoneOutput } from '../../shared/contract/schemas/crm';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { homeFor } from '../../electron/core/seed/phone-plan';
import { UNKNOWN_DEMO_NUMBER } from '../../electron/core/seed/planted-customers';
import { lookupPhone, seededCore, signedInContext, type SeededCore } from '../support/seeded-core';

let fx: SeededCore;
let ctx: CallContext;

const lookup = (phone: string): Promise<LookupByPhoneOutput> => lookupPhone(fx.core, ctx, phone);

beforeAll(async () => {
  fx = await seededCore(2_000);
  ctx = await signedInContext(fx.core);
});
afterAll(() => fx.cleanup());

describe('crm.lookupByPhone on a seeded SQLite CRM', () => {
  it('finds Olivia Bennett from a formatted number with a (0)', async () => {
    const r = await lookup('+44 (0)20 7946 0958');
    expect(r.match).toBe('one');
    expect(r.phone).toMatchObject({ kind: 'number', e164: '+442079460958' });
    const c = r.customers[0];
    expect(c?.displayName).toBe('Olivia Bennett');
    expect(c?.phones.map((p) => p.e164)).toEqual(['+442079460958', '+447700900958']);
  });

  it('returns every customer sharing a number, in id order', async () => {
    const r = await lookup('020 7946 0959');
    expect(r.match).toBe('many');
    expect(r.customers.map((c) => c.displayName)).toEqual(['Tom Patel', 'Priya Patel']);
    expect(r.truncated).toBe(false);
  });

  it('says none for a number nobody has, withheld for anonymous callers, invalid for garbage', async () => {
    expect((await lookup(UNKNOWN_DEMO_NUMBER)).match).toBe('none');
    expect((await lookup('sip:anonymous@anonymous.invalid')).match).toBe('withheld');
    const bad = await lookup('<script>alert(1)</script>');
    expect(bad.match).toBe('invalid');
    expect(bad.customers).toEqual([]);
  });

  it('agrees with a brute-force SQL recomputation of spend, balance and the last 20 purchases', async () => {
    const raw = new SqliteDatabase(fx.dbFile, { readonly: true });
    // Customers 7..40 are ordinary generated customers; check each one's record against plain SQL.
    for (let id = 7; id <= 40; id++) {
      const phone = raw.prepare('SELECT e164 FROM customer_phones WHERE customer_id = ? AND is_primary = 1').get(id) as { e164: string };
      const r = await lookup(phone.e164);
      const c = r.customers.find((x) => x.id === id);
      expect(c, `customer ${id}`).toBeDefined();
      if (c === undefined) continue;
      const spend = raw.prepare('SELECT count(*) AS n, coalesce(sum(total), 0) AS total FROM orders WHERE customer_id = ?').get(id) as {
        n: number;
        total: number;
      };
      expect(c.spend).toMatchObject({ orderCount: spend.n, total: spend.total });
      const lines = raw
        .prepare(
          `SELECT l.amount, p.name FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
            WHERE o.customer_id = ? ORDER BY o.ordered_at DESC, l.id`,
        )
        .all(id) as { amount: number; name: string }[];
      expect(c.recentPurchases.map((p) => [p.amount, p.productName])).toEqual(lines.slice(0, 20).map((l) => [l.amount, l.name]));
      const acct = raw.prepare('SELECT balance, overdue, credit_limit FROM accounts WHERE customer_id = ?').get(id) as {
        balance: number;
        overdue: number;
        credit_limit: number;
      };
      expect(c.account).toMatchObject({ balance: acct.balance, overdue: acct.overdue, creditLimit: acct.credit_limit });
    }
    raw.close();
  });

  it('finds a customer on a shared household line generated for the 1M set', async () => {
    const raw = new SqliteDatabase(fx.dbFile, { readonly: true });
    const row = raw.prepare("SELECT customer_id FROM customer_phones WHERE label = 'home (shared)' AND customer_id > 6 LIMIT 1").get() as
      | { customer_id: number }
      | undefined;
    raw.close();
    expect(row).toBeDefined();
    if (row === undefined) return;
    const r = await lookup(homeFor(row.customer_id - 1));
    expect(r.customers.map((c) => c.id)).toContain(row.customer_id);
  });

  it('marks an overdue customer’s account', async () => {
    const r = await lookup('+442079460960');
    expect(r.customers[0]?.displayName).toBe('Declan Murphy');
    expect(r.customers[0]?.account.overdue).toBeGreaterThan(0);
  });
});

describe('crm.searchCustomers', () => {
  async function search(query: string) {
    const r = await fx.core.dispatch('crm.searchCustomers', { query }, ctx);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { searchedBy: string; customers: { id: number; displayName: string; primaryPhone: string | null }[] };
  }

  it('finds by name prefix in either order, by email, by #id and by phone', async () => {
    expect((await search('Olivia Bennett')).customers.map((c) => c.id)).toContain(1);
    expect((await search('bennett oli')).customers.map((c) => c.id)).toContain(1);
    const byEmail = await search('Olivia.Bennett1@example.com');
    expect(byEmail).toMatchObject({ searchedBy: 'email', customers: [{ id: 1 }] });
    expect(await search('#4')).toMatchObject({ searchedBy: 'id', customers: [{ id: 4, displayName: 'Declan Murphy' }] });
    const byPhone = await search('+44 (0)20 7946 0958');
    expect(byPhone).toMatchObject({ searchedBy: 'phone', customers: [{ id: 1, primaryPhone: '+442079460958' }] });
  });

  it('answers NOT_FOUND for a customer id that does not exist', async () => {
    const r = await fx.core.dispatch('crm.getCustomer', { customerId: 99_999_999 }, ctx);
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
  });
});

describe('crm.createCustomer (quick-create for an unknown caller)', () => {
  it('creates the customer with the number as primary, and the next lookup of that number finds them', async () => {
    const r = await fx.core.dispatch(
      'crm.createCustomer',
      { firstName: ' Nia ', lastName: 'Okoro', phone: '020 7946 0998', email: 'NIA@example.com' },
      ctx,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { displayName: 'Nia Okoro', email: 'nia@example.com', phones: [{ e164: '+442079460998', primary: true }], spend: { orderCount: 0 } },
    });
    const again = await lookup('+442079460998');
    expect(again.match).toBe('one');
    expect(again.customers[0]?.displayName).toBe('Nia Okoro');
  });

  it('refuses a number it cannot store and a malformed email, saying which field', async () => {
    const badPhone = await fx.core.dispatch('crm.createCustomer', { firstName: 'A', lastName: 'B', phone: 'anonymous' }, ctx);
    expect(badPhone).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: [{ path: 'phone' }] } });
    const badEmail = await fx.core.dispatch('crm.createCustomer', { firstName: 'A', lastName: 'B', phone: '+442079460997', email: 'x@' }, ctx);
    expect(badEmail).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: [{ path: 'email' }] } });
  });
});
