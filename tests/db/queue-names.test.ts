import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { createQueueDirectory } from '../../electron/core/calls/queue-directory';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { openPostgresStore, openSqliteStore, type Store } from '../../electron/core/db/store';
import { ensureReferenceData } from '../../electron/core/seed/reference-data';
import { tempDir } from '../support/temp-dir';
import { describeOnEachStore, freshPostgresDatabase, testStores, type StoreKind } from '../support/test-stores';

const stores = testStores();
const clock = () => 1_000;

describeOnEachStore('queue names are one queue whatever their case, and never cut to fit', (kind: StoreKind) => {
  let store: Store;
  beforeEach(async () => {
    store = await stores.open(kind);
    await ensureReferenceData(store.db, 1); // Sales, Support, Billing, Retention
  });

  const salesId = async () => (await store.db.selectFrom('queues').select('id').where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;

  it('refuses "sales" beside "Sales", naming the queue that exists, and adds nothing', async () => {
    const queues = createQueueDirectory(store.db, clock);
    await expect(queues.create('sales')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('queue "Sales"') });
    await expect(queues.create('  SALES ')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.db.selectFrom('queues').select('name').where('name', 'in', ['sales', 'SALES']).execute()).toEqual([]);
  });

  it('still finds a queue created with exactly its name (the stored name keeps its case)', async () => {
    const queues = createQueueDirectory(store.db, clock);
    expect(await queues.create('Sales')).toEqual({ queueId: await salesId(), name: 'Sales', created: false });
    const added = await queues.create('VIP Desk');
    expect(added).toMatchObject({ name: 'VIP Desk', created: true });
    expect((await store.db.selectFrom('queues').select('name').where('id', '=', added.queueId).executeTakeFirstOrThrow()).name).toBe('VIP Desk');
  });

  it("finds the queue the PBX names in any case (a fresh directory: no cache), Unicode letters included", async () => {
    const added = await createQueueDirectory(store.db, clock).create('Straße Öst');
    const fresh = createQueueDirectory(store.db, clock);
    expect(await fresh.queueId('sales')).toBe(await salesId());
    expect(await fresh.queueId('SALES')).toBe(await salesId());
    expect(await fresh.queueId('STRASSE ÖST')).toBe(added.queueId);
    expect(await fresh.queueId('straße öst')).toBe(added.queueId);
  });

  it('refuses a name over 64 characters with the limit stated, and stores nothing cut', async () => {
    const queues = createQueueDirectory(store.db, clock);
    await expect(queues.create('Q'.repeat(500))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/at most 64 characters \(this one has 500\)/) });
    expect(await store.db.selectFrom('queues').select('name').where('name', 'like', 'QQQ%').execute()).toEqual([]);
    expect((await queues.create('Q'.repeat(64))).created).toBe(true);
  });

  it('does not take an over-long name the PBX sends for the queue named by its first 64 characters', async () => {
    const unknown: string[] = [];
    const queues = createQueueDirectory(store.db, clock, (name) => unknown.push(name));
    const long = 'L'.repeat(64);
    await queues.create(long);
    expect(await queues.queueId(`${long}-and-more`)).toBeNull();
    expect(unknown).toHaveLength(1);
    expect(await queues.queueId(long)).not.toBeNull();
  });
});

describeOnEachStore('the queue-name-keys migration on a database that already has queues', (kind: StoreKind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const tmp = tempDir('frontline-queue-names-');
  afterAll(() => tmp.cleanup());

  async function unmigrated(): Promise<Store> {
    if (kind === 'sqlite') {
      const store = openSqliteStore(join(tmp.dir, `q-${Date.now()}-${Math.random()}.db`));
      cleanups.push(() => store.close());
      return store;
    }
    const database = await freshPostgresDatabase();
    const store = openPostgresStore(database.url, { maxConnections: 1 });
    cleanups.push(() => database.drop());
    cleanups.push(() => store.close());
    return store;
  }

  it('keeps queues that already collide working: the oldest is the one a name finds, and new collisions are refused', async () => {
    const store = await unmigrated();
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-02T0035'));
    const early = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(before) }, allowUnorderedMigrations: true });
    expect((await early.migrateToLatest()).error).toBeUndefined();
    await sql`INSERT INTO queues (name, created_at) VALUES ('Sales', 1), ('sales', 2), ('Support', 3)`.execute(store.db);
    expect(await migrateToLatest(store.db)).toEqual(['2026-12-02T0035-queue-name-keys']);
    const ids = Object.fromEntries((await store.db.selectFrom('queues').select(['id', 'name']).execute()).map((r) => [r.name, r.id]));
    const queues = createQueueDirectory(store.db, clock);
    expect(await queues.queueId('SALES')).toBe(ids.Sales);
    expect(await queues.queueId('support')).toBe(ids.Support);
    await expect(queues.create('SUPPORT')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('queue "Support"') });
  });
});
