import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Core } from '../../electron/core/create-core';
import { copySqliteToPostgres } from '../../electron/core/db/copy-to-postgres';
import { inPostgresTransaction } from '../../electron/core/db/pg-transaction';
import { openSqliteStore, type PostgresStore, type Store } from '../../electron/core/db/store';
import { loadAffinityIndex } from '../../electron/core/offers/affinity-index';
import { DEFAULT_SETTINGS } from '../../electron/core/settings/defaults';
import { DEFAULT_OFFER_RULES } from '../../shared/domain/offers/next-best-offer';
import { FIXTURE_ANCHOR, lookupPhone, signedInContext } from '../support/seeded-core';
import { describeOnEachStore, describeOnPostgres, testStores } from '../support/test-stores';

const stores = testStores();
const SEED = { customers: 300, seed: 11 };

async function readerContext(store: Store) {
  return {
    now: FIXTURE_ANCHOR,
    value: DEFAULT_SETTINGS.value,
    offerRules: { ...DEFAULT_OFFER_RULES, marginRate: DEFAULT_SETTINGS.value.marginRate },
    affinitiesFrom: await loadAffinityIndex(store.db),
    explorationRate: 0.1,
    draw: (() => {
      let i = 0;
      return () => [0.05, 0.7, 0.3][i++ % 3] as number;
    })(),
  };
}

describeOnPostgres('a seeded SQLite CRM copied into PostgreSQL', () => {
  it('holds the same rows in every table, and appends continue after the copied events', async () => {
    const pgStore = await stores.seeded('postgres', SEED);
    const sqliteStore = await stores.seeded('sqlite', SEED);
    for (const table of ['customers', 'customer_phones', 'orders', 'order_lines', 'accounts', 'products', 'queues', 'product_affinities'] as const) {
      const count = async (s: Store) => (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(s.db)).rows[0]?.n;
      expect(await count(pgStore), table).toEqual(await count(sqliteStore));
      expect(await count(pgStore), table).toBeGreaterThan(0);
    }
    for (const table of ['customers', 'customer_phones', 'orders', 'order_lines', 'products', 'queues'] as const) {
      const ids = async (s: Store) => (await sql<{ n: number }>`SELECT sum(id) AS n FROM ${sql.table(table)}`.execute(s.db)).rows[0]?.n;
      expect(await ids(pgStore), table).toEqual(await ids(sqliteStore));
    }
    const total = async (s: Store) => (await sql<{ t: number }>`SELECT sum(amount) AS t FROM order_lines`.execute(s.db)).rows[0]?.t;
    expect(await total(pgStore)).toBe(await total(sqliteStore));
    // A row inserted without an id continues after the copied ones.
    const before = (await sql<{ m: number }>`SELECT max(id) AS m FROM customers`.execute(pgStore.db)).rows[0]?.m as number;
    const inserted = await pgStore.db
      .insertInto('customers')
      .values({ first_name: 'New', last_name: 'Customer', search_name: 'new customer', email: null, city: null, customer_since: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBe(before + 1);
  });

  it('gives the same rows when copied again into another fresh database', async () => {
    const first = await stores.seeded('postgres', SEED);
    const digest = async (s: Store) => (await sql<{ d: string }>`SELECT md5(string_agg(id || ':' || e164 || ':' || customer_id, ',' ORDER BY id)) AS d FROM customer_phones`.execute(s.db)).rows[0]?.d;
    const a = await digest(first);
    const again = await stores.open('postgres');
    const source = openSqliteStore(await (async () => (await stores.seeded('sqlite', SEED), stores.location('sqlite')))());
    try {
      await inPostgresTransaction((again as PostgresStore).pool, (tx) => copySqliteToPostgres(source.db, tx));
    } finally {
      await source.close();
    }
    expect(await digest(again)).toBe(a);
  });
});

describeOnEachStore('the screen pop read path', (kind) => {
  it('reads every customer record exactly as the SQLite reader does', async () => {
    const here = await stores.seeded(kind, SEED);
    const reference = await stores.seeded('sqlite', SEED);
    const reader = here.popReader('GBP');
    const expected = reference.popReader('GBP');
    let withPurchases = 0;
    for (let id = 1; id <= 60; id++) {
      const record = await reader.record(id, await readerContext(here));
      expect(record, `customer ${id}`).toEqual(await expected.record(id, await readerContext(reference)));
      if ((record?.recentPurchases.length ?? 0) > 0 && (record?.offers.length ?? 0) > 0) withPurchases++;
      for (const p of record?.phones ?? []) expect(await reader.customerIdsForNumber(p.e164, 5)).toEqual(await expected.customerIdsForNumber(p.e164, 5));
    }
    // The comparison is not vacuous: most records carry purchases and offers.
    expect(withPurchases).toBeGreaterThan(10);
    expect(await reader.record(999_999, await readerContext(here))).toBeNull();
  });

  it('pops Olivia Bennett through a real core', async () => {
    const core: Core = await stores.seededCore(kind, SEED);
    const ctx = await signedInContext(core);
    const r = await lookupPhone(core, ctx, '+44 (0)20 7946 0958');
    expect(r.match).toBe('one');
    expect(r.customers[0]?.displayName).toBe('Olivia Bennett');
    expect(r.customers[0]?.phones.map((p) => p.e164)).toEqual(['+442079460958', '+447700900958']);
  });
});
