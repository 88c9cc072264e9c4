import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { PostgresTable } from './copy-to-postgres';
import type { PostgresTransaction } from './pg-transaction';
import type { Database } from './schema';

const PAGE = 10_000;

/** What one side holds in one table: its row count and a checksum over every value of every row. */
export interface TableDigest {
  rows: number;
  checksum: string;
}

export interface DigestProgress {
  side: 'sqlite' | 'postgres';
  table: string;
  done: number;
  total: number;
}

/**
 * A value as the checksum sees it, typed and length-prefixed so that no two different rows read
 * the same: numbers in JavaScript's shortest round-trip form (a float that PostgreSQL stored with
 * less precision, or an integer turned into text, changes the checksum).
 */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  if (typeof value === 'number' || typeof value === 'bigint') return `n${String(value)}`;
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (Buffer.isBuffer(value)) return `b${value.toString('hex')}`;
  throw new TypeError(`cannot checksum a value of type ${typeof value}`);
}

/**
 * An order-free checksum over rows: each row's MD5 added into four 32-bit lanes (a multiset hash,
 * so each side reads in its own cheapest order, and a doubled row is not cancelled as with XOR).
 */
class RowDigest {
  rows = 0;
  private readonly lanes = new Uint32Array(4);
  add(row: Record<string, unknown>, columns: readonly string[]): void {
    let text = '';
    for (const c of columns) text += `${canonical(row[c])}|`;
    const d = createHash('md5').update(text).digest();
    for (let k = 0; k < 4; k++) this.lanes[k] = ((this.lanes[k] as number) + d.readUInt32LE(k * 4)) >>> 0;
    this.rows++;
  }
  result(): TableDigest {
    return { rows: this.rows, checksum: Array.from(this.lanes, (l) => l.toString(16).padStart(8, '0')).join('') };
  }
}

/** Digest of one table as SQLite holds it, read in rowid pages. */
export async function sqliteDigest(db: Kysely<Database>, table: PostgresTable, onProgress: (p: DigestProgress) => void = () => undefined): Promise<TableDigest> {
  const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(db)).rows[0]?.n ?? 0);
  const columnList = sql.join(table.columns.map((c) => sql.ref(c)));
  const digest = new RowDigest();
  let after = -Infinity;
  for (;;) {
    const page = (await sql<Record<string, unknown>>`SELECT rowid AS "__rowid", ${columnList} FROM ${sql.table(table.name)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${PAGE}`.execute(db)).rows;
    if (page.length === 0) break;
    after = page.at(-1)?.__rowid as number;
    for (const row of page) digest.add(row, table.columns);
    onProgress({ side: 'sqlite', table: table.name, done: digest.rows, total });
    await nextTurn(); // synchronous reads: let the progress line redraw
  }
  return digest.result();
}

/** Digest of one table as PostgreSQL holds it, read through a cursor inside the caller's transaction (it sees that transaction's writes). */
export async function postgresDigest(tx: PostgresTransaction, table: PostgresTable, onProgress: (p: DigestProgress) => void = () => undefined): Promise<TableDigest> {
  const total = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(tx.db)).rows[0]?.n ?? 0);
  const columns = table.columns.map((c) => `"${c}"`).join(', ');
  const digest = new RowDigest();
  await tx.client.query(`DECLARE frontline_digest NO SCROLL CURSOR FOR SELECT ${columns} FROM "${table.name}"`);
  try {
    for (;;) {
      const page = (await tx.client.query<Record<string, unknown>>(`FETCH FORWARD ${PAGE} FROM frontline_digest`)).rows;
      if (page.length === 0) break;
      for (const row of page) digest.add(row, table.columns);
      onProgress({ side: 'postgres', table: table.name, done: digest.rows, total });
    }
  } finally {
    await tx.client.query('CLOSE frontline_digest');
  }
  return digest.result();
}

export interface TableComparison {
  table: string;
  sqlite: TableDigest;
  postgres: TableDigest;
  equal: boolean;
}

/** Every table digested on both sides, each side reading its own database. */
export async function compareTables(
  from: Kysely<Database>,
  to: PostgresTransaction,
  tables: readonly PostgresTable[],
  onProgress: (p: DigestProgress) => void = () => undefined,
): Promise<TableComparison[]> {
  const out: TableComparison[] = [];
  for (const table of tables) {
    const s = await sqliteDigest(from, table, onProgress);
    const p = await postgresDigest(to, table, onProgress);
    out.push({ table: table.name, sqlite: s, postgres: p, equal: s.rows === p.rows && s.checksum === p.checksum });
  }
  return out;
}
