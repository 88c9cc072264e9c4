import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../electron/core/db/connection';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { migrations } from '../../electron/core/db/migrations';
import { openPostgresStore, type PostgresStore } from '../../electron/core/db/store';
import { createLocalBus } from '../../electron/core/log/bus';
import { createEventLog } from '../../electron/core/log/event-log';
import { tempDir } from '../support/temp-dir';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';

// prettier-ignore
const CORE_TABLES = [
  'accounts', 'agent_desks', 'agent_sessions', 'agent_state_changes', 'agents', 'call_events', 'call_holds', 'callback_tasks', 'calls', 'customer_phones', 'customer_tags', 'customers',
  'dispositions', 'events', 'offer_impressions', 'offer_outcomes', 'offers', 'order_lines', 'orders', 'pbx_credentials', 'product_affinities', 'products', 'queues', 'route_decisions', 'routing_policies', 'security_audit', 'settings', 'sla_targets',
  'team_connections', 'team_instances', 'teams', 'wallboard_tokens', 'wrap_up_requests', 'wrap_ups',
].sort();

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('migrations on a real SQLite file', () => {
  it('create every core table, in WAL mode, and are a no-op the second time', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = join(tmp.dir, 'm.db');
    const conn = openSqlite(file);
    expect(await migrateToLatest(conn.db)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(conn.db)).toEqual([]);
    const tables = conn.raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%'")
      .all()
      .map((r) => (r as { name: string }).name)
      .sort();
    expect(tables).toEqual(CORE_TABLES);
    expect(conn.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    await conn.close();
  });

  it('are named by date and sort in the order they must run', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    for (const n of names) expect(n).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z-]+$/);
  });

  it('use only portable column types (no SQLite-only affinities beyond the id helper)', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const conn = openSqlite(join(tmp.dir, 'p.db'));
    return migrateToLatest(conn.db).then(async () => {
      const types = new Set<string>();
      for (const { name } of conn.raw.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%'").all() as { name: string }[]) {
        for (const col of conn.raw.pragma(`table_info(${name})`) as { type: string }[]) types.add(col.type.toLowerCase());
      }
      expect([...types].sort()).toEqual(['bigint', 'double precision', 'integer', 'text'].filter((t) => types.has(t)));
      for (const t of types) expect(['bigint', 'double precision', 'integer', 'text', 'varchar(255)']).toContain(t);
      await conn.close();
    });
  });
});

describeOnPostgres('migrations on a real PostgreSQL server', () => {
  const databases: { drop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });

  async function freshStores(n: number) {
    const database = await freshPostgresDatabase();
    databases.push(database);
    return Array.from({ length: n }, () => openPostgresStore(database.url));
  }

  const tablesOf = async (store: PostgresStore) =>
    (await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%' ORDER BY 1`.execute(store.db)).rows.map((r) => r.t);

  it('create every core table (and the event head counter), and are a no-op the second time', async () => {
    const [store] = (await freshStores(1)) as [PostgresStore];
    try {
      expect(await migrateToLatest(store.db)).toEqual(Object.keys(migrations).sort());
      expect(await migrateToLatest(store.db)).toEqual([]);
      expect(await tablesOf(store)).toEqual([...CORE_TABLES, 'event_head'].sort());
    } finally {
      await store.close();
    }
  });

  it('use only the portable column types', async () => {
    const [store] = (await freshStores(1)) as [PostgresStore];
    try {
      await migrateToLatest(store.db);
      const { rows } = await sql<{ type: string }>`SELECT DISTINCT data_type AS type FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely%' ORDER BY 1`.execute(store.db);
      expect(rows.map((r) => r.type)).toEqual(['bigint', 'double precision', 'integer', 'text']);
    } finally {
      await store.close();
    }
  });

  it('are applied exactly once when three instances start together on an empty database', async () => {
    const stores = await freshStores(3);
    try {
      const applied = await Promise.all(stores.map((s) => migrateToLatest(s.db)));
      expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
      expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM kysely_migration`.execute((stores[0] as PostgresStore).db);
      expect(rows[0]?.n).toBe(Object.keys(migrations).length);
      expect(await tablesOf(stores[2] as PostgresStore)).toEqual([...CORE_TABLES, 'event_head'].sort());
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('number events from the head counter where the log already has some (a database migrated before it existed)', async () => {
    const [store] = (await freshStores(1)) as [PostgresStore];
    try {
      const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-01T0024'));
      const early = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve(before) }, allowUnorderedMigrations: true });
      expect((await early.migrateToLatest()).error).toBeUndefined();
      await sql`INSERT INTO events (at, type, data) VALUES (1, 'settings.changed', '{}'), (2, 'settings.changed', '{}')`.execute(store.db);
      await migrateToLatest(store.db);
      const log = createEventLog(store.db, createLocalBus());
      await log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: 'x' } }, 3));
      expect((await store.db.selectFrom('events').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 2, 3]);
    } finally {
      await store.close();
    }
  });
});
