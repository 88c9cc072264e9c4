import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { frontlineClientClass } from './pg-client';
import { StatementNames } from './pg-named-statements';
import type { Database } from './schema';

export interface PostgresConnection {
  /** Kysely over a `pg` pool, for every repository. */
  db: Kysely<Database>;
  /** The pool itself: the pop reader's prepared statements and the bus's dedicated LISTEN connection. */
  pool: pg.Pool;
  /** The URL without its password (logs). */
  location: string;
  close(): Promise<void>;
}

/** `pg` hands int8 (bigint, count) and numeric (sum, avg) back as strings; the schema keeps times and money far below 2^53. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  return n;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === pg.types.builtins.INT8) return parseInt8;
      if (oid === pg.types.builtins.NUMERIC) return Number;
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A connection URL for logs: the password is never printed. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Open a pool on a PostgreSQL database (not migrated here). Numbers come back as numbers (int8, numeric). */
export function openPostgres(url: string, options: { maxConnections?: number; applicationName?: string } = {}): PostgresConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    application_name: options.applicationName ?? 'frontline',
    idleTimeoutMillis: 30_000,
    // Repeated statements run prepared, and a transaction's statements nobody waits for share round trips (ADR 0056).
    Client: frontlineClientClass(new StatementNames()),
  });
  // An idle client's error (server restart, network) must not crash the process: the pool drops it and opens another.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    location: redactedUrl(url),
    // Kysely's PostgresDialect ends the pool when destroyed.
    close: () => db.destroy(),
  };
}
