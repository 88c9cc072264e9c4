import type { Kysely } from 'kysely';
import { createCustomerReader, sqlitePopReader } from '../crm/customer-reader';
import type { PopReader } from '../crm/pop-reader';
import { openSqlite, type SqliteConnection } from './connection';
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

export function openSqliteStore(file: string): SqliteStore {
  const connection = openSqlite(file);
  return {
    db: connection.db,
    raw: connection.raw,
    file,
    close: connection.close,
    kind: 'sqlite',
    location: file,
    popReader: (defaultCurrency) => sqlitePopReader(createCustomerReader(connection.raw, defaultCurrency)),
  };
}
