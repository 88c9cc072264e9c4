import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, describe, inject } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../electron/core/create-core';
import { copySqliteToPostgres } from '../../electron/core/db/copy-to-postgres';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { inPostgresTransaction } from '../../electron/core/db/pg-transaction';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { openPostgresStore, openSqliteStore, type PostgresStore, type SqliteStore, type Store } from '../../electron/core/db/store';
import { FIXTURE_ANCHOR } from './seeded-core';
import { tempDir } from './temp-dir';

/** The dialect matrix: every test written with `describeOnEachStore` runs on both. */
export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The test PostgreSQL server's admin URL ('' when FRONTLINE_TEST_PG=off: its half of the matrix is skipped). */
export const postgresAdminUrl = (): string => inject('postgresUrl');

/**
 * `describe` once per store kind, titled "… [sqlite]" and "… [postgres]" (the summary line counts
 * each). The PostgreSQL half runs on the real server; it is skipped, never faked, when there is none.
 */
export function describeOnEachStore(title: string, body: (kind: StoreKind) => void): void {
  for (const kind of STORE_KINDS) describe.skipIf(kind === 'postgres' && postgresAdminUrl() === '')(`${title} [${kind}]`, () => body(kind));
}

/** `describe` for what only a team on PostgreSQL does (several instances on one database), titled "… [postgres]". */
export function describeOnPostgres(title: string, body: () => void): void {
  describe.skipIf(postgresAdminUrl() === '')(`${title} [postgres]`, body);
}

/** A database URL on the test server: the admin URL with another database name. */
function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database on the test server; `drop` removes it (closing whatever still uses it). */
export async function freshPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `frontline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { url: databaseUrl(name), name, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export interface SeedSpec {
  customers: number;
  seed?: number;
  anchor?: number;
}

export interface TestStores {
  /** A migrated, empty store of this kind, closed after the test. */
  open(kind: StoreKind): Promise<Store>;
  /** Another connection to the data of the last store opened (another process writing the same database), closed after the test. */
  another(kind: StoreKind): Store;
  /** Where the last opened store of this kind lives: a SQLite file, or a PostgreSQL URL. */
  location(kind: StoreKind): string;
  /**
   * A store holding the seeded demo CRM (the seeder writes SQLite; PostgreSQL gets a copy of the
   * same file, made once per file and spec), migrated; closed after the test unless handed to a core.
   */
  seeded(kind: StoreKind, spec: SeedSpec): Promise<Store>;
  /** A real core on a seeded store (closed after the test, if the test did not close it). */
  seededCore(kind: StoreKind, spec: SeedSpec, options?: Omit<CoreOptions, 'store'>): Promise<Core>;
  /** Another core on the data of the last store opened (a restart, or another instance); closed after the test. */
  coreOnSameData(kind: StoreKind, options?: Omit<CoreOptions, 'store'>): Promise<Core>;
}

/** Rows of plain SQL with `?` placeholders, on either store (tests' own checks). */
export async function queryRows<R = Record<string, unknown>>(store: Store, text: string, ...params: unknown[]): Promise<R[]> {
  const parts = text.split('?');
  let query = sql.raw(parts[0] ?? '');
  parts.slice(1).forEach((part, i) => {
    query = sql`${query}${params[i]}${sql.raw(part)}`;
  });
  return (await sql<R>`${query}`.execute(store.db)).rows;
}

/** The first row of `queryRows`, or undefined. */
export async function queryRow<R = Record<string, unknown>>(store: Store, text: string, ...params: unknown[]): Promise<R | undefined> {
  return (await queryRows<R>(store, text, ...params))[0];
}

/**
 * Stores for a test file. SQLite: a fresh temporary file per test. PostgreSQL: one database per
 * file (created on first use, migrated once, dropped after the file), emptied before each test
 * with TRUNCATE … RESTART IDENTITY, so test files run in parallel, each on its own database.
 */
export function testStores(): TestStores {
  const opened: Store[] = [];
  const cores: Core[] = [];
  const cleanups: (() => void)[] = [];
  let database: Promise<{ url: string; drop(): Promise<void> }> | null = null;
  let sqliteFile = '';

  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  afterAll(async () => {
    if (database !== null) await (await database).drop();
  });

  async function postgresDatabase(): Promise<string> {
    database ??= (async () => {
      const db = await freshPostgresDatabase();
      const store = openPostgresStore(db.url, { maxConnections: 1 });
      try {
        await migrateToLatest(store.db);
      } finally {
        await store.close();
      }
      return db;
    })();
    const { url } = await database;
    const store = openPostgresStore(url, { maxConnections: 1 });
    try {
      const { rows } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%'`.execute(store.db);
      if (rows.length > 0) await sql.raw(`TRUNCATE TABLE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`).execute(store.db);
    } finally {
      await store.close();
    }
    return url;
  }

  function track<S extends Store>(store: S): S {
    opened.push(store);
    return store;
  }

  const seededFiles = new Map<string, Promise<string>>();
  let seedDir: ReturnType<typeof tempDir> | null = null;
  afterAll(() => seedDir?.cleanup());

  /** The seeded SQLite file for this spec, made once per test file. */
  function seededFile(spec: SeedSpec): Promise<string> {
    const key = JSON.stringify(spec);
    let file = seededFiles.get(key);
    if (file === undefined) {
      seedDir ??= tempDir('frontline-seeded-');
      const path = join(seedDir.dir, `seed-${seededFiles.size}.db`);
      file = seedDatabaseFile(path, { customers: spec.customers, seed: spec.seed ?? 42, anchor: spec.anchor ?? FIXTURE_ANCHOR }).then(() => path);
      seededFiles.set(key, file);
    }
    return file;
  }

  /** A core closed after the test unless the test closed it first. */
  async function startCore(store: Store, options: Omit<CoreOptions, 'store'>): Promise<Core> {
    const core = await createCore({ logger: createLogger('test', 'silent'), quickStart: true, ...options, store });
    const close = core.close.bind(core);
    let closing: Promise<void> | null = null;
    core.close = () => (closing ??= close());
    cores.push(core);
    return core;
  }

  let postgresUrl = '';
  const stores: TestStores = {
    async seeded(kind, spec) {
      const template = await seededFile(spec);
      if (kind === 'sqlite') {
        const tmp = tempDir('frontline-store-');
        cleanups.push(tmp.cleanup);
        sqliteFile = join(tmp.dir, 'seeded.db');
        copyFileSync(template, sqliteFile);
        return track(openSqliteStore(sqliteFile));
      }
      const store = (await stores.open('postgres')) as PostgresStore;
      const source = openSqliteStore(template);
      try {
        await inPostgresTransaction(store.pool, (tx) => copySqliteToPostgres(source.db, tx));
      } finally {
        await source.close();
      }
      return store;
    },
    async seededCore(kind, spec, options = {}) {
      const store = await stores.seeded(kind, spec);
      // The core closes its store: it must not be closed twice.
      opened.splice(opened.indexOf(store), 1);
      return startCore(store, options);
    },
    coreOnSameData(kind, options = {}) {
      return startCore(kind === 'sqlite' ? openSqliteStore(sqliteFile) : openPostgresStore(postgresUrl), options);
    },
    async open(kind) {
      if (kind === 'sqlite') {
        const tmp = tempDir('frontline-store-');
        cleanups.push(tmp.cleanup);
        sqliteFile = join(tmp.dir, 'test.db');
        const store = track(openSqliteStore(sqliteFile));
        await migrateToLatest(store.db);
        return store;
      }
      postgresUrl = await postgresDatabase();
      return track(openPostgresStore(postgresUrl));
    },
    another(kind) {
      return kind === 'sqlite' ? track<SqliteStore>(openSqliteStore(sqliteFile)) : track<PostgresStore>(openPostgresStore(postgresUrl));
    },
    location: (kind) => (kind === 'sqlite' ? sqliteFile : postgresUrl),
  };
  return stores;
}
