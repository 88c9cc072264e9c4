import SqliteDatabase from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { copySqliteToPostgres, dataTables, type CopyProgress, type PostgresTable } from './copy-to-postgres';
import { migrateToLatest } from './migrate';
import { inPostgresTransaction, type PostgresTransaction } from './pg-transaction';
import type { Database } from './schema';
import { openPostgresStore, openSqliteStore } from './store';
import { compareTables, type DigestProgress, type TableComparison } from './table-checksums';

/** The target already holds a centre's rows and the caller did not ask to replace them. */
export class TargetNotEmptyError extends Error {
  constructor(readonly tables: string[]) {
    super(`the target database already holds data (${tables.join(', ')})`);
  }
}

/** After the copy the two sides differ: the move was rolled back. */
export class MoveVerificationError extends Error {
  constructor(readonly comparison: TableComparison[]) {
    super(`counts or checksums differ after the copy in ${comparison.filter((c) => !c.equal).map((c) => c.table).join(', ')}; nothing was committed`);
  }
}

export type MoveProgress = ({ phase: 'copy' } & CopyProgress) | ({ phase: 'verify' } & DigestProgress);

export interface MoveOptions {
  /** The SQLite file to move (brought to the latest migration first, as the app would). */
  from: string;
  /** postgres://user:password@host:port/database */
  to: string;
  /** Empty the target's Frontline tables first (in the same transaction) instead of refusing a non-empty target. */
  replace?: boolean;
  onProgress?: (p: MoveProgress) => void;
  /** Told when the migrations are done and the transaction begins (for the CLI's messages). */
  onStage?: (stage: 'migrated' | 'copied' | 'verified') => void;
}

export interface MoveResult {
  comparison: TableComparison[];
  /** Whether the target held data that was replaced. */
  replaced: string[];
}

/**
 * Whether the file is a database Frontline has opened (it carries Kysely's migration table). Read
 * read-only: migrating someone else's SQLite file would write 30-odd tables into it, and with
 * `replace` its zero rows would then replace a whole centre.
 */
function isFrontlineDatabase(file: string): boolean {
  const probe = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return probe.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() !== undefined;
  } finally {
    probe.close();
  }
}

function openSource(file: string) {
  // Opening a missing path would create an empty SQLite file: refuse it instead.
  if (!existsSync(file)) throw new Error(`no SQLite database at ${file}`);
  if (!isFrontlineDatabase(file)) throw new Error(`${file} is not a Frontline database (it has no migration table); nothing was read or written`);
  return openSqliteStore(file);
}

/** The Frontline tables of the target that hold at least one row. */
async function tablesWithRows(db: Kysely<Database>, tables: readonly PostgresTable[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) if ((await sql<{ x: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(t.name)}) AS x`.execute(db)).rows[0]?.x === true) out.push(t.name);
  return out;
}

/**
 * Move a centre from its SQLite file into PostgreSQL (ADR 0041), all or nothing: both sides are
 * migrated, then ONE PostgreSQL transaction locks the target's tables against writers, refuses
 * rows already there (or, with `replace`, truncates them), streams every table across, and
 * digests every table on both sides, each reading its own database. It commits only when every
 * count and checksum agrees; an error, a difference or a killed process leaves the target as it
 * was. The SQLite side is read in one read transaction (one snapshot), so a running desktop
 * cannot tear it; what that desktop writes afterwards is not moved.
 */
export async function moveToPostgres(options: MoveOptions): Promise<MoveResult> {
  const onProgress = options.onProgress ?? (() => undefined);
  const source = openSource(options.from);
  const target = openPostgresStore(options.to, { maxConnections: 2 });
  try {
    await migrateToLatest(source.db);
    await migrateToLatest(target.db);
    options.onStage?.('migrated');
    return await source.db.transaction().execute((snapshot) =>
      inPostgresTransaction(target.pool, async (tx) => {
        const tables = await dataTables(tx.db);
        const names = sql.join(tables.map((t) => sql.table(t.name)));
        await sql`LOCK TABLE ${names} IN EXCLUSIVE MODE`.execute(tx.db);
        const occupied = await tablesWithRows(tx.db, tables);
        if (occupied.length > 0) {
          if (options.replace !== true) throw new TargetNotEmptyError(occupied);
          await sql`TRUNCATE ${names}, event_head`.execute(tx.db);
        }
        await copySqliteToPostgres(snapshot, tx, (p) => onProgress({ phase: 'copy', ...p }));
        options.onStage?.('copied');
        const comparison = await compareTables(snapshot, tx, tables, (p) => onProgress({ phase: 'verify', ...p }));
        options.onStage?.('verified');
        if (comparison.some((c) => !c.equal)) throw new MoveVerificationError(comparison);
        return { comparison, replaced: occupied };
      }),
    );
  } finally {
    await target.close();
    await source.close();
  }
}

/** Compare a SQLite file with a PostgreSQL database, table by table, without changing either (one snapshot of each). */
export async function compareSqliteWithPostgres(from: string, to: string, onProgress: (p: DigestProgress) => void = () => undefined): Promise<TableComparison[]> {
  const source = openSource(from);
  const target = openPostgresStore(to, { maxConnections: 2 });
  try {
    return await source.db.transaction().execute((snapshot) =>
      inPostgresTransaction(target.pool, async (tx: PostgresTransaction) => compareTables(snapshot, tx, await dataTables(tx.db), onProgress), {
        isolation: 'repeatable read',
        readOnly: true,
      }),
    );
  } finally {
    await target.close();
    await source.close();
  }
}
