import { expect, it } from 'vitest';
import { compiledOnce } from '../../electron/core/db/compiled-once';
import { describeOnEachStore, testStores } from '../support/test-stores';

const stores = testStores();

describeOnEachStore('a query compiled once', (kind) => {
  async function storeWithQueues() {
    const store = await stores.open(kind);
    await store.db
      .insertInto('queues')
      .values(['sales', 'support', 'billing'].map((name) => ({ name, created_at: 0 })))
      .execute();
    return store;
  }

  it('gives the rows the same query built every time gives, with each run’s own values', async () => {
    const store = await storeWithQueues();
    const byName = compiledOnce((db, p: { name: string }) => db.selectFrom('queues').select(['id', 'name']).where('name', '=', p.name));
    for (const name of ['support', 'billing', 'nobody']) {
      const built = await store.db.selectFrom('queues').select(['id', 'name']).where('name', '=', name).execute();
      expect(await byName.all(store.db, { name })).toEqual(built);
      expect(await byName.first(store.db, { name })).toEqual(built[0]);
    }
  });

  it('builds the query once per database, however often it runs, inside transactions too', async () => {
    const store = await storeWithQueues();
    let builds = 0;
    const rename = compiledOnce((db, p: { from: string; to: string }) => {
      builds += 1;
      return db.updateTable('queues').set({ name: p.to }).where('name', '=', p.from);
    });
    expect(await rename.affected(store.db, { from: 'sales', to: 'sales-1' })).toBe(1n);
    await store.db.transaction().execute(async (tx) => {
      for (let i = 1; i < 20; i++) expect(await rename.affected(tx, { from: `sales-${i}`, to: `sales-${i + 1}` })).toBe(1n);
    });
    expect(await rename.affected(store.db, { from: 'nobody', to: 'anybody' })).toBe(0n);
    expect(builds).toBe(1);
    const names = (await store.db.selectFrom('queues').select('name').orderBy('name').execute()).map((r) => r.name);
    expect(names).toEqual(['billing', 'sales-20', 'support']);
  });

  it('keeps the query’s own constants and a returned id', async () => {
    const store = await storeWithQueues();
    const add = compiledOnce((db, p: { name: string }) => db.insertInto('queues').values({ name: p.name, created_at: 0 }).returning('id'));
    const first = await add.first(store.db, { name: 'retention' });
    const second = await add.first(store.db, { name: 'claims' });
    expect(Number(second?.id)).toBe(Number(first?.id) + 1);
    const limited = compiledOnce((db, p: { after: number }) => db.selectFrom('queues').select('name').where('id', '>', p.after).orderBy('id').limit(2));
    expect((await limited.all(store.db, { after: 1 })).map((r) => r.name)).toEqual(['support', 'billing']);
  });

  it('inside a transaction answers what Kysely answers there, sees the transaction’s own writes and rolls back with it', async () => {
    const store = await storeWithQueues();
    const add = compiledOnce((db, p: { name: string }) => db.insertInto('queues').values({ name: p.name, created_at: 0 }).returning('id'));
    const addQuietly = compiledOnce((db, p: { name: string }) => db.insertInto('queues').values({ name: p.name, created_at: 0 }));
    const rename = compiledOnce((db, p: { from: string; to: string }) => db.updateTable('queues').set({ name: p.to }).where('name', '=', p.from));
    const byName = compiledOnce((db, p: { name: string }) => db.selectFrom('queues').select(['id', 'name']).where('name', '=', p.name));
    const all = compiledOnce((db, p: { after: number }) => db.selectFrom('queues').select('name').where('id', '>', p.after).orderBy('id'));
    const added = await store.db.transaction().execute(async (tx) => {
      const row = await add.first(tx, { name: 'claims' });
      expect(await byName.first(tx, { name: 'claims' })).toEqual({ id: row?.id, name: 'claims' });
      expect(await rename.affected(tx, { from: 'claims', to: 'claims-2' })).toBe(1n);
      expect(await rename.affected(tx, { from: 'nobody', to: 'anybody' })).toBe(0n);
      await addQuietly.send(tx, { name: 'sent' });
      expect(await addQuietly.first(tx, { name: 'written' })).toBeUndefined();
      expect(await addQuietly.all(tx, { name: 'listed' })).toEqual([]);
      expect((await all.all(tx, { after: 0 })).map((r) => r.name)).toEqual(['sales', 'support', 'billing', 'claims-2', 'sent', 'written', 'listed']);
      return row;
    });
    expect(await byName.first(store.db, { name: 'claims-2' })).toEqual({ id: added?.id, name: 'claims-2' });
    await expect(
      store.db.transaction().execute(async (tx) => {
        await rename.affected(tx, { from: 'claims-2', to: 'claims-3' });
        await add.first(tx, { name: 'lost' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await all.all(store.db, { after: 0 })).map((r) => r.name)).toEqual(['sales', 'support', 'billing', 'claims-2', 'sent', 'written', 'listed']);
  });

  it('refuses a parameter that would shape the query instead of being a bound value', async () => {
    const store = await storeWithQueues();
    const steered = compiledOnce((db, p: { everything: boolean; name: string }) =>
      p.everything ? db.selectFrom('queues').selectAll() : db.selectFrom('queues').selectAll().where('name', '=', p.name),
    );
    await expect(steered.all(store.db, { everything: false, name: 'sales' })).rejects.toThrow(/everything must be bound values/);
  });
});
