import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { moveToPostgres } from '../../electron/core/db/move-to-postgres';
import { REPO_ROOT } from '../support/app-process';

/**
 * The PostgreSQL server the benchmarks run on: FRONTLINE_BENCH_PG (an admin URL), or the throwaway
 * PostgreSQL 15 cluster of the dialect matrix (`.ci/test-postgres`, started if it is not running).
 */
export function benchPostgresAdminUrl(): string {
  const fromEnv = process.env.FRONTLINE_BENCH_PG;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return execFileSync(join(REPO_ROOT, '.ci/test-postgres'), { encoding: 'utf8' }).trim();
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database for one run (dropped first if a killed run left it); `drop` removes it. */
export async function scratchDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return { url: withDatabase(adminUrl, name), drop: () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/**
 * The benchmark CRM in PostgreSQL: the same SQLite file (tests/bench/bench-database.ts) moved with
 * `moveToPostgres` into database frontline_bench_crm_N, once (like the SQLite file, it is kept and
 * reused; a move that did not finish left nothing behind and is started again).
 */
export async function benchPostgresCrm(adminUrl: string, sqliteFile: string, customers: number): Promise<string> {
  const name = `frontline_bench_crm_${customers}`;
  const url = withDatabase(adminUrl, name);
  const state = await admin(adminUrl, async (c) => {
    if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) return 'missing';
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const r = await db.query<{ n: string }>(`SELECT CASE WHEN to_regclass('public.customers') IS NULL THEN 0 ELSE (SELECT count(*) FROM customers) END AS n`);
      return Number(r.rows[0]?.n ?? 0) === customers ? 'ready' : 'empty';
    } finally {
      await db.end();
    }
  });
  if (state === 'ready') return url;
  if (state === 'missing') await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  console.log(`Moving the benchmark CRM into PostgreSQL database ${name} (once; it is kept)…`);
  let last = '';
  const started = performance.now();
  await moveToPostgres({
    from: sqliteFile,
    to: url,
    replace: true,
    onProgress: (p) => {
      if (p.total < 100_000) return;
      const done = p.phase === 'copy' ? p.copied : p.done;
      const step = `${p.phase} ${p.table} ${p.phase === 'verify' ? p.side : ''} ${Math.floor((10 * done) / p.total) * 10}%`;
      if (step !== last) console.log(`  ${(last = step)}`);
    },
  });
  console.log(`  moved and verified in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return url;
}
