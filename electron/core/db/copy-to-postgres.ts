import { sql, type Kysely } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PostgresTransaction } from './pg-transaction';
import type { Database } from './schema';

/** Rows read from SQLite per page (keyset on rowid) and streamed to PostgreSQL as one CSV chunk. */
const READ_PAGE = 10_000;

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface PostgresTable {
  name: string;
  /** In PostgreSQL's column order; SQLite has the same names (same migrations). */
  columns: string[];
  /** Its identity column, if it has one (continued after the copy). */
  identity: string | undefined;
}

/** The tables of a PostgreSQL database with their columns, parents before children (foreign keys), without Kysely's own. */
export async function tablesInDependencyOrder(db: Kysely<Database>): Promise<PostgresTable[]> {
  const tables = (await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%' ORDER BY 1`.execute(db)).rows.map((r) => r.t);
  const edges = (
    await sql<{ child: string; parent: string }>`
      SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE k.contype = 'f' AND n.nspname = 'public'`.execute(db)
  ).rows;
  const columns = (
    await sql<{ t: string; c: string; identity: string }>`SELECT table_name AS t, column_name AS c, is_identity AS identity FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`.execute(db)
  ).rows;
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered.map((name) => {
    const own = columns.filter((c) => c.t === name);
    return { name, columns: own.map((c) => c.c), identity: own.find((c) => c.identity === 'YES')?.c };
  });
}

/** The tables that hold the centre's rows: all but the PostgreSQL-only event head counter (derived from `events`). */
export async function dataTables(db: Kysely<Database>): Promise<PostgresTable[]> {
  return (await tablesInDependencyOrder(db)).filter((t) => t.name !== 'event_head');
}

/** One value as a PostgreSQL CSV field: NULL unquoted and empty, text always quoted (so '' stays ''), blobs as bytea hex. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return `"${value.replaceAll('"', '""')}"`;
  if (Buffer.isBuffer(value)) return `"\\x${value.toString('hex')}"`;
  throw new TypeError(`cannot copy a value of type ${typeof value}`);
}

/** The rows of one SQLite table as CSV chunks, one per page, reporting progress as each page is read. */
async function* csvPages(from: Kysely<Database>, table: PostgresTable, total: number, onProgress: (p: CopyProgress) => void): AsyncGenerator<string> {
  const columnList = sql.join(table.columns.map((c) => sql.ref(c)));
  let after = -Infinity;
  let copied = 0;
  onProgress({ table: table.name, copied, total });
  for (;;) {
    // Keyset paging on SQLite's rowid: every Frontline table has one.
    const page = (await sql<Record<string, unknown>>`SELECT rowid AS "__rowid", ${columnList} FROM ${sql.table(table.name)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${READ_PAGE}`.execute(from)).rows;
    if (page.length === 0) return;
    after = page.at(-1)?.__rowid as number;
    let chunk = '';
    for (const row of page) chunk += `${table.columns.map((c) => csvField(row[c])).join(',')}\n`;
    yield chunk;
    copied += page.length;
    onProgress({ table: table.name, copied, total });
    // SQLite reads are synchronous and the socket takes the chunk at once: give timers (the progress line) a turn.
    await nextTurn();
  }
}

/**
 * Copy every row of a SQLite database into a migrated, empty PostgreSQL database of the same
 * schema, inside the caller's transaction: tables parents first, each streamed with `COPY … FROM
 * STDIN` (CSV), ids kept; afterwards every identity column continues after the highest id and the
 * event head counter is set (ADR 0036). Both sides must be at the same migration. Returns the
 * row count per table. (`setval` is not transactional: after a rollback the sequences may stand
 * higher than the empty tables need, which costs nothing.)
 */
export async function copySqliteToPostgres(
  from: Kysely<Database>,
  to: PostgresTransaction,
  onProgress: (p: CopyProgress) => void = () => undefined,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await dataTables(to.db)) {
    const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(from)).rows[0]?.n ?? 0);
    const columns = table.columns.map((c) => `"${c}"`).join(', ');
    const copy = to.client.query(copyFrom(`COPY "${table.name}" (${columns}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(Readable.from(csvPages(from, table, total, onProgress)), copy);
    counts[table.name] = copy.rowCount;
    const identity = table.identity;
    if (identity !== undefined) {
      await sql`SELECT setval(pg_get_serial_sequence(${table.name}, ${identity}), max(${sql.ref(identity)})) FROM ${sql.table(table.name)} HAVING max(${sql.ref(identity)}) IS NOT NULL`.execute(to.db);
    }
  }
  await sql`DELETE FROM event_head`.execute(to.db);
  await sql`INSERT INTO event_head (id, last_id) SELECT 1, coalesce(max(id), 0) FROM events`.execute(to.db);
  return counts;
}
