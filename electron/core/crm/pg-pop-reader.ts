import type pg from 'pg';
import type { PopReader } from './pop-reader';
import { assembleRecord, declinesSince, HISTORY_LINES, POP_SQL, RECENT_CONTACTS, SOFT_TAGS, type CustomerRow, type PopRows } from './pop-record';

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the pop's SQL has no `?` inside literals). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

type QueryName = keyof typeof POP_SQL;
const STATEMENTS = Object.fromEntries(Object.entries(POP_SQL).map(([name, text]) => [name, numberedPlaceholders(text)])) as Record<QueryName, string>;

/**
 * The screen-pop read path on PostgreSQL: the same queries as SQLite's, as named prepared
 * statements (`pg` parses and plans each once per connection). A record takes one connection from
 * the pool and sends its reads together after the customer row is found.
 */
export function createPostgresPopReader(pool: pg.Pool, defaultCurrency: string): PopReader {
  function run<R extends pg.QueryResultRow>(client: pg.PoolClient, name: QueryName, values: unknown[]): Promise<R[]> {
    return client.query<R>({ name: `frontline.pop.${name}`, text: STATEMENTS[name], values }).then((r) => r.rows);
  }

  return {
    async customerIdsForNumber(e164, limit) {
      const rows = await pool.query<{ customer_id: number }>({ name: 'frontline.pop.idsByPhone', text: STATEMENTS.idsByPhone, values: [e164, limit] });
      return rows.rows.map((r) => r.customer_id);
    },
    async record(id, ctx) {
      const client = await pool.connect();
      try {
        const [customer] = await run<CustomerRow>(client, 'customer', [id]);
        if (customer === undefined) return null;
        const [account, spend, lines, declines, contacts, callbacks, phones, softTags] = await Promise.all([
          run<NonNullable<PopRows['account']>>(client, 'account', [id]),
          run<NonNullable<PopRows['spend']>>(client, 'spend', [id]),
          run<PopRows['lines'][number]>(client, 'purchases', [id, HISTORY_LINES]),
          run<PopRows['declines'][number]>(client, 'declines', [id, declinesSince(ctx)]),
          run<PopRows['contacts'][number]>(client, 'contacts', [id, RECENT_CONTACTS]),
          run<PopRows['callbacks'][number]>(client, 'callbacks', [id, ctx.now]),
          run<PopRows['phones'][number]>(client, 'phones', [id]),
          run<PopRows['softTags'][number]>(client, 'softTags', [id, SOFT_TAGS]),
        ]);
        return assembleRecord({ customer, account: account[0], spend: spend[0], lines, declines, contacts, callbacks, phones, softTags }, ctx, defaultCurrency);
      } finally {
        client.release();
      }
    },
  };
}
