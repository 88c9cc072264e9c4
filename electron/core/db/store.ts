import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createCustomerReader, sqlitePopReader } from '../crm/customer-reader';
import { createPostgresPopReader } from '../crm/pg-pop-reader';
import type { PopReader } from '../crm/pop-reader';
import { createLocalBus, type Bus } from '../log/bus';
import { createPostgresBus } from '../log/pg-bus';
import { openSqlite, type SqliteConnection } from './connection';
import { warmPageCache } from './page-cache-warmer';
import { openPostgres } from './postgres';
import type { Database } from './schema';

/**
 * Where the centre's data lives, as the core sees it: Kysely for every repository and an async
 * pop reader for the hot path. The core never learns which database is behind it; the SQLite
 * store is the single-desk default, and a PostgreSQL store implements the same interface.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** The screen-pop read path, prepared for this store. */
  popReader(defaultCurrency: string): PopReader;
  /** The bus that wakes projections after commits: in-process for SQLite, LISTEN/NOTIFY across instances for PostgreSQL. */
  openBus(onError: (error: unknown) => void): Promise<Bus>;
  /** For logs: a file path, or a URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

/** SQLite (better-sqlite3, WAL) in one file: the raw handle is there for its adapter's own tests and the seeder. */
export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  /** The better-sqlite3 handle: the seeder and this adapter's own tests only. */
  readonly raw: SqliteConnection['raw'];
  readonly file: string;
}

/** PostgreSQL through a `pg` pool (team mode, ADR 0036): the pool is there for the pop reader and the bus's LISTEN connection. */
export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly pool: pg.Pool;
  /** The connection URL (with its password: for opening the bus's own connection, never for logs). */
  readonly url: string;
}

export function openSqliteStore(file: string): SqliteStore {
  const connection = openSqlite(file);
  // A working centre's big file is read into the OS page cache off the event loop (the event loop's statements then never wait for the disk).
  const warmer = file === ':memory:' || file === '' ? null : warmPageCache(file, { onError: (error) => console.warn('frontline: page cache warm-up:', error) });
  return {
    db: connection.db,
    raw: connection.raw,
    file,
    close: async () => {
      await warmer?.close();
      await connection.close();
    },
    kind: 'sqlite',
    location: file,
    popReader: (defaultCurrency) => sqlitePopReader(createCustomerReader(connection.raw, defaultCurrency)),
    openBus: () => Promise.resolve(createLocalBus()),
  };
}

/** A PostgreSQL database by URL (`postgres://user:password@host:port/database`); `createCore` migrates it. */
export function openPostgresStore(url: string, options: { maxConnections?: number } = {}): PostgresStore {
  const connection = openPostgres(url, options);
  return {
    db: connection.db,
    pool: connection.pool,
    url,
    close: connection.close,
    kind: 'postgres',
    location: connection.location,
    popReader: (defaultCurrency) => createPostgresPopReader(connection.pool, defaultCurrency),
    openBus: (onError) => createPostgresBus({ url, onError }),
  };
}

/** A store by where it lives: a `postgres://` (or `postgresql://`) URL opens PostgreSQL, anything else is a SQLite file. */
export function openStore(target: string): SqliteStore | PostgresStore {
  return isPostgresUrl(target) ? openPostgresStore(target) : openSqliteStore(target);
}

/** Whether `target` names a PostgreSQL database (`postgres://` or `postgresql://`) rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}
