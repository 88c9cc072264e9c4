import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { dirname } from 'node:path';
import { dataDirectory } from '../data-dir';
import { secureDatabaseFile } from './file-permissions';
import type { Database } from './schema';
import { LiteralLimitsPlugin } from './literal-limits';
import { registerSqliteHandle } from './sqlite-handle';
import { withStatementCache } from './statement-cache';
import { startWalCheckpointer } from './wal-checkpointer';

export interface SqliteConnection {
  /** Kysely for everything except the screen-pop hot path. */
  db: Kysely<Database>;
  /** The raw handle, for prepared statements on the hot path and bulk seeding. */
  raw: SqliteDatabase.Database;
  file: string;
  close(): Promise<void>;
}

/**
 * Open (creating if needed) a SQLite file in WAL mode, with foreign keys on and a busy timeout for
 * the odd concurrent writer. The file is the owner's alone (0600, its folder 0700 when ours).
 */
export function openSqlite(file: string): SqliteConnection {
  secureDatabaseFile(file, file !== ':memory:' && dirname(file) === dataDirectory());
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -65536');
  // Reads straight from the OS page cache, no read() per page: the pop touches a few dozen scattered pages.
  // (better-sqlite3's SQLite caps the map at 2 GB, SQLITE_MAX_MMAP_SIZE: pages past it are read with pread.)
  raw.pragma('mmap_size = 4294967296');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }), plugins: [new LiteralLimitsPlugin()] });
  // Statements compiled once run on it directly inside a transaction (compiled-once.ts).
  registerSqliteHandle(db, raw);
  // Checkpoints in a worker once the WAL has grown, not inside a commit on the event loop.
  const checkpointer = file === ':memory:' || file === '' ? null : startWalCheckpointer(raw, file, (error) => console.warn('frontline: WAL checkpointer:', error));
  return {
    db,
    raw,
    file,
    // Kysely's SqliteDialect closes the better-sqlite3 handle when destroyed.
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}
