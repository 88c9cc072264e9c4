import type pg from 'pg';
import type { CustomerRecord } from '../../../shared/contract/schemas/crm';
import type { PopReader, ReaderContext } from './pop-reader';
import { assembleRecord, declinesSince, HISTORY_LINES, POP_SQL, RECENT_CONTACTS, SOFT_TAGS, type PopRows } from './pop-record';

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the pop's SQL has no `?` inside literals). */
export function numberedPlaceholders(text: string, first = 1): string {
  let n = first - 1;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * Each part of a record: which of POP_SQL's queries fills it, one row or a list, and the values its
 * placeholders take after the customer id (the first `?` of every record query is the customer id).
 */
const RECORD_PARTS: readonly { part: keyof PopRows; query: Exclude<keyof typeof POP_SQL, 'idsByPhone'>; rows: 'one' | 'many'; values: (ctx: ReaderContext) => unknown[] }[] = [
  { part: 'customer', query: 'customer', rows: 'one', values: () => [] },
  { part: 'account', query: 'account', rows: 'one', values: () => [] },
  { part: 'spend', query: 'spend', rows: 'one', values: () => [] },
  { part: 'lines', query: 'purchases', rows: 'many', values: () => [HISTORY_LINES] },
  { part: 'declines', query: 'declines', rows: 'many', values: (ctx) => [declinesSince(ctx)] },
  { part: 'contacts', query: 'contacts', rows: 'many', values: () => [RECENT_CONTACTS] },
  { part: 'callbacks', query: 'callbacks', rows: 'many', values: (ctx) => [ctx.now] },
  { part: 'phones', query: 'phones', rows: 'many', values: () => [] },
  { part: 'softTags', query: 'softTags', rows: 'many', values: () => [SOFT_TAGS] },
];

/**
 * The record's queries as the select list of ONE statement: each query, unchanged, becomes a JSON
 * column (`row_to_json` of its row, or `json_agg` of its rows in the query's own order), its customer
 * id read from `idExpr` and its other placeholders numbered from `$firstParam`.
 */
export function recordColumns(idExpr: string, firstParam: number): string {
  let n = firstParam - 1;
  return RECORD_PARTS.map(({ part, query, rows }) => {
    let first = true;
    const text = POP_SQL[query].replace(/\?/g, () => {
      if (first) {
        first = false;
        return idExpr;
      }
      return `$${++n}`;
    });
    const json = rows === 'one' ? 'row_to_json(r)' : "coalesce(json_agg(r), '[]'::json)";
    return `(SELECT ${json} FROM (${text}) r) AS "${part}"`;
  }).join(',\n');
}

/** What the record statements return: one JSON column per part; the one-row parts are null when there is no row. */
type RecordRow = Omit<PopRows, 'customer' | 'account' | 'spend'> & {
  customer: PopRows['customer'] | null;
  account: PopRows['account'] | null;
  spend: PopRows['spend'] | null;
};

export const recordValues = (ctx: ReaderContext): unknown[] => RECORD_PARTS.flatMap((p) => p.values(ctx));

/** One customer's record by id: `$1` is the id. */
export const RECORD_BY_ID = `SELECT ${recordColumns('$1', 2)}`;
/** Every customer on a number with their records, in id order: `$1` the E.164 number, `$2` how many at most (the screen pop). */
export const RECORDS_BY_NUMBER = `SELECT ${recordColumns('m.customer_id', 3)}
  FROM (${numberedPlaceholders(POP_SQL.idsByPhone)}) m
 ORDER BY m.customer_id`;

/**
 * The screen-pop read path on PostgreSQL (ADR 0046): the same queries as SQLite's, sent as one named
 * prepared statement per read so that a pop costs one round trip to the server, not one per query.
 * Each read is a single `pool.query` (its own connection for that statement, never a queue on a
 * shared one). The statement returns the rows as JSON; assembling the record is shared code.
 */
export function createPostgresPopReader(pool: pg.Pool, defaultCurrency: string): PopReader {
  /** A statement's row: a part with no row arrives as JSON null. */
  function assemble(row: RecordRow | undefined, ctx: ReaderContext): CustomerRecord | null {
    if (row === undefined || row.customer === null) return null;
    return assembleRecord({ ...row, customer: row.customer, account: row.account ?? undefined, spend: row.spend ?? undefined }, ctx, defaultCurrency);
  }

  return {
    async customerIdsForNumber(e164, limit) {
      const rows = await pool.query<{ customer_id: number }>({ name: 'frontline.pop.idsByPhone', text: numberedPlaceholders(POP_SQL.idsByPhone), values: [e164, limit] });
      return rows.rows.map((r) => r.customer_id);
    },
    async record(id, ctx) {
      const { rows } = await pool.query<RecordRow>({ name: 'frontline.pop.record', text: RECORD_BY_ID, values: [id, ...recordValues(ctx)] });
      return assemble(rows[0], ctx);
    },
    async recordsForNumber(e164, max, ctx) {
      // One more than shown, to know whether there are more; that extra record is read and dropped (a number shared by > max customers is rare).
      const { rows } = await pool.query<RecordRow>({ name: 'frontline.pop.recordsByNumber', text: RECORDS_BY_NUMBER, values: [e164, max + 1, ...recordValues(ctx)] });
      const records = rows.slice(0, max).map((row) => assemble(row, ctx)).filter((r): r is CustomerRecord => r !== null);
      return { records, more: rows.length > max };
    },
  };
}
