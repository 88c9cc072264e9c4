import { sql, SqliteAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type QueryExecutorProvider } from 'kysely';

/**
 * The one place where SQLite and PostgreSQL differ. Everything else is portable SQL:
 * epoch-ms bigints for time, 0/1 integers for booleans, text for JSON.
 */
export function isSqlite(db: { getExecutor(): { readonly adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** Surrogate key: a rowid alias on SQLite (fastest), an identity column on PostgreSQL. Explicit ids may still be inserted (seeding). */
export function withId<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isSqlite(db)
    ? table.addColumn('id', 'integer', (c) => c.primaryKey())
    : table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

export const notNull = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

/** PostgreSQL rolled the transaction back and it may simply be run again: a deadlock victim (40P01) or a serialization failure (40001). */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Kinds of thing a writer may lock for the rest of its transaction (the first key of PostgreSQL's two-key advisory locks). */
export const LOCK_SPACE = { agentDesk: 1, firstRun: 2 } as const;

/**
 * Hold `space`/`id` until this transaction ends, so writers of one thing take turns (ADR 0036).
 * PostgreSQL: a transaction-scoped advisory lock (taken before any read, so every later statement
 * at READ COMMITTED sees what the previous holder committed). SQLite: nothing to do — its writers
 * already take turns on the file, and the desk's version check covers the rest.
 */
export async function lockForTransaction(tx: QueryExecutorProvider, space: number, id: number): Promise<void> {
  if (isSqlite(tx)) return;
  // Its result is nothing: sent with the transaction's next statement (the lock is still taken before it runs).
  await sql`${sql.raw(DEFERRED)}SELECT pg_advisory_xact_lock(${space}::int4, ${id}::int4)`.execute(tx);
}

/**
 * Marks a statement whose writer does not need its result. Inside a transaction on PostgreSQL it is
 * sent at once and not waited for: the statements after it follow on the same connection in one
 * pipeline, and its failure (a deadlock, a constraint) is the failure of the transaction's next
 * statement or COMMIT (ADR 0056). SQLite runs it as any other statement.
 */
export const DEFERRED = '/* deferred */ ';
