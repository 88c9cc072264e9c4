import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * The better-sqlite3 handle as Kysely sees it, with prepared statements kept by SQL text. Kysely's
 * SQLite driver prepares every query afresh; on the call-event path preparing cost as much as
 * running (docs/BENCHMARKS.md). A statement still iterating a stream is never handed out twice.
 */
export function withStatementCache(raw: SqliteDatabase.Database, capacity = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit !== undefined && !hit.busy) {
        // Most recently used last: the first key is the one to evict.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = raw.prepare(sql);
      if (hit === undefined) {
        cache.set(sql, statement);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}
