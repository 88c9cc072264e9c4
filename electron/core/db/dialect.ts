import { SqliteAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

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
