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

const affinityIndexes = new WeakMap<Store, ReturnType<typeof loadAffinityIndex>>();

/** A reader context with its own fixed draws (the store's affinity index is loaded once). */
async function readerContext(store: Store) {
  let affinities = affinityIndexes.get(store);
  if (affinities === undefined) affinityIndexes.set(store, (affinities = loadAffinityIndex(store.db)));
  return {
    now: FIXTURE_ANCHOR,
    value: DEFAULT_SETTINGS.value,
    offerRules: { ...DEFAULT_OFFER_RULES, marginRate: DEFAULT_SETTINGS.value.marginRate },
    affinitiesFrom: await affinities,
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

/**
 * Calls with wrap-ups and callbacks, declined and taken offers, and soft tags for some of customers
 * 1..60, the same rows on any store, so the record's every part has something to compare.
 */
async function addContactHistory(store: Store): Promise<void> {
  const db = store.db;
  const first = async (table: 'queues' | 'dispositions' | 'offers') => (await db.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  const [queueId, dispositionId, offerId] = [await first('queues'), await first('dispositions'), await first('offers')];
  const agentId = (await db.insertInto('agents').values({ name: 'Pat Pop', extension: '7001', role: 'agent', created_at: FIXTURE_ANCHOR }).returning('id').executeTakeFirstOrThrow()).id;
  const day = 86_400_000;
  for (let customer = 3; customer <= 60; customer += 3) {
    for (let k = 0; k < 2; k++) {
      const at = FIXTURE_ANCHOR - (customer + k) * day;
      const answered = k === 0;
      const call = await db
        .insertInto('calls')
        .values({ direction: 'inbound', queue_id: queueId, agent_id: answered ? agentId : null, customer_id: customer, caller_e164: null, caller_withheld: 0, queued_at: at, offered_at: answered ? at + 1_000 : null, answered_at: answered ? at + 5_000 : null, ended_at: at + 60_000 })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (answered) {
        await db
          .insertInto('wrap_ups')
          .values({ call_id: call.id, agent_id: agentId, disposition_id: dispositionId, resolved: customer % 2, callback_at: FIXTURE_ANCHOR + customer * day, draft: 0, updated_at: at, submitted_at: at })
          .execute();
      }
      await db.insertInto('customer_tags').values({ customer_id: customer, tag: `tag-${(customer + k) % 4}`, call_id: call.id, at: at + k }).execute();
    }
    await db.insertInto('offer_outcomes').values({ customer_id: customer, offer_id: offerId, outcome: 'declined', at: FIXTURE_ANCHOR - day }).execute();
    await db.insertInto('offer_outcomes').values({ customer_id: customer, offer_id: offerId + 1, outcome: 'accepted', at: FIXTURE_ANCHOR - day }).execute();
  }
}

describeOnEachStore('the screen pop read path', (kind) => {
  it('reads every customer record exactly as the SQLite reader does', async () => {
    const here = await stores.seeded(kind, SEED);
    const reference = await stores.seeded('sqlite', SEED);
    await addContactHistory(here);
    await addContactHistory(reference);
    const reader = here.popReader('GBP');
    const expected = reference.popReader('GBP');
    let withPurchases = 0;
    for (let id = 1; id <= 60; id++) {
      const record = await reader.record(id, await readerContext(here));
      expect(record, `customer ${id}`).toEqual(await expected.record(id, await readerContext(reference)));
      if ((record?.recentPurchases.length ?? 0) > 0 && (record?.offers.length ?? 0) > 0) withPurchases++;
      for (const p of record?.phones ?? []) {
        expect(await reader.customerIdsForNumber(p.e164, 5)).toEqual(await expected.customerIdsForNumber(p.e164, 5));
        expect(await reader.recordsForNumber(p.e164, 10, await readerContext(here))).toEqual(await expected.recordsForNumber(p.e164, 10, await readerContext(reference)));
      }
    }
    // The comparison is not vacuous: most records carry purchases and offers, and some every other part.
    expect(withPurchases).toBeGreaterThan(10);
    const sample = await reader.record(30, await readerContext(here));
    expect(sample?.recentContacts.map((c) => c.resolved)).toEqual([false, null]);
    expect(sample?.recentContacts[0]?.disposition).not.toBeNull();
    expect(sample?.openItems.some((i) => i.kind === 'callback')).toBe(true);
    expect(sample?.softTags).toHaveLength(2);
    expect(await reader.record(999_999, await readerContext(here))).toBeNull();
    expect(await reader.recordsForNumber('+447700900000', 10, await readerContext(here))).toEqual({ records: [], more: false });
    // Tom and Priya Patel share a line: both in id order, or the first and `more`.
    const shared = await reader.recordsForNumber('+442079460959', 10, await readerContext(here));
    expect(shared.records.map((r) => r.displayName)).toEqual(['Tom Patel', 'Priya Patel']);
    expect(shared.more).toBe(false);
    const capped = await reader.recordsForNumber('+442079460959', 1, await readerContext(here));
    expect(capped).toEqual({ records: [shared.records[0]], more: true });
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
