import { Kysely, PostgresDialect, sql, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema';

/** One PostgreSQL transaction on one pooled connection, seen both through Kysely and as the raw `pg` client (COPY, cursors). */
export interface PostgresTransaction {
  readonly db: Kysely<Database>;
  readonly client: pg.PoolClient;
}

/**
 * Run `work` inside one transaction on one connection of `pool`: committed when it resolves, rolled
 * back when it throws (and by the server if the process dies meanwhile, as the connection drops).
 */
export async function inPostgresTransaction<T>(
  pool: pg.Pool,
  work: (tx: PostgresTransaction) => Promise<T>,
  options: { isolation?: 'read committed' | 'repeatable read'; readOnly?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  const shared = { query: client.query.bind(client), release: () => undefined } as unknown as PostgresPoolClient;
  // Kysely over this one client: every statement it runs is part of the transaction.
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.resolve(shared), end: () => Promise.resolve() },
    }),
  });
  let failed = true;
  try {
    const mode = `${options.isolation === 'repeatable read' ? 'ISOLATION LEVEL REPEATABLE READ' : 'ISOLATION LEVEL READ COMMITTED'}${options.readOnly === true ? ' READ ONLY' : ''}`;
    await client.query(`BEGIN ${mode}`);
    const result = await work({ db, client });
    await sql`COMMIT`.execute(db);
    failed = false;
    return result;
  } finally {
    if (failed) await client.query('ROLLBACK').catch(() => undefined);
    // A connection whose transaction state is unknown is not handed back to the pool.
    client.release(failed);
    await db.destroy();
  }
}
