import type SqliteDatabase from 'better-sqlite3';

type Db = { getExecutor(): { readonly adapter: object } };

/**
 * The better-sqlite3 handle under a Kysely SQLite database, found from any Kysely of it (its transactions share
 * its adapter). Registered by the connection that opens the file; a Kysely nobody registered (another dialect,
 * a test's own) has none.
 */
const handles = new WeakMap<object, SqliteDatabase.Database>();

export function registerSqliteHandle(db: Db, raw: SqliteDatabase.Database): void {
  handles.set(db.getExecutor().adapter, raw);
}

export function sqliteHandleOf(db: Db): SqliteDatabase.Database | null {
  return handles.get(db.getExecutor().adapter) ?? null;
}
