import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** PostgreSQL allows 65,535 parameters per statement; rows go in batches below that. */
const MAX_PARAMETERS = 60_000;
const READ_PAGE = 5_000;

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

/** The tables of a PostgreSQL database, parents before children (foreign keys), without Kysely's own. */
export async function tablesInDependencyOrder(db: Kysely<Database>): Promise<string[]> {
  const tables = (await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%' ORDER BY 1`.execute(db)).rows.map((r) => r.t);
  const edges = (
    await sql<{ child: string; parent: string }>`
      SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE k.contype = 'f' AND n.nspname = 'public'`.execute(db)
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
  return ordered;
}

/**
 * Copy every row of a SQLite database into a migrated, empty PostgreSQL database of the same
 * schema: tables parents first, columns as PostgreSQL has them, ids kept; afterwards every
 * identity column continues after the highest id and the event head counter is set (ADR 0036).
 * Both sides must be at the same migration. Returns the row count per table.
 */
export async function copySqliteToPostgres(
  from: Kysely<Database>,
  to: Kysely<Database>,
  onProgress: (p: CopyProgress) => void = () => undefined,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const tables = (await tablesInDependencyOrder(to)).filter((t) => t !== 'event_head');
  for (const table of tables) {
    const columns = (
      await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} ORDER BY ordinal_position`.execute(to)
    ).rows.map((r) => r.c);
    const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(from)).rows[0]?.n ?? 0);
    const batch = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const columnList = sql.join(columns.map((c) => sql.ref(c)));
    let copied = 0;
    let after = -Infinity;
    while (copied < total) {
      // Keyset paging on SQLite's rowid: every Frontline table has one.
      const page = (await sql<Record<string, unknown>>`SELECT rowid AS "__rowid", ${columnList} FROM ${sql.table(table)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${READ_PAGE}`.execute(from)).rows;
      if (page.length === 0) break;
      after = page.at(-1)?.__rowid as number;
      for (let i = 0; i < page.length; i += batch) {
        const rows = page.slice(i, i + batch).map((r) => sql`(${sql.join(columns.map((c) => sql`${r[c] ?? null}`))})`);
        await sql`INSERT INTO ${sql.table(table)} (${columnList}) OVERRIDING SYSTEM VALUE VALUES ${sql.join(rows)}`.execute(to);
      }
      copied += page.length;
      onProgress({ table, copied, total });
    }
    counts[table] = copied;
    const identity = (await sql<{ c: string }>`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} AND is_identity = 'YES'`.execute(to)).rows[0]?.c;
    if (identity !== undefined) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, ${identity}), max(${sql.ref(identity)})) FROM ${sql.table(table)} HAVING max(${sql.ref(identity)}) IS NOT NULL`.execute(to);
    }
  }
  await sql`DELETE FROM event_head`.execute(to);
  await sql`INSERT INTO event_head (id, last_id) SELECT 1, coalesce(max(id), 0) FROM events`.execute(to);
  return counts;
}
