import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStore } from '../../electron/core/db/store';
import { compareSqliteWithPostgres, moveToPostgres, TargetNotEmptyError } from '../../electron/core/db/move-to-postgres';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { REPO_ROOT } from '../support/app-process';
import { FIXTURE_ANCHOR } from '../support/seeded-core';
import { tempDir } from '../support/temp-dir';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';

const run = promisify(execFile);
let tmp: ReturnType<typeof tempDir>;
let crm: string;
const databases: { drop(): Promise<void> }[] = [];

beforeAll(async () => {
  tmp = tempDir('frontline-move-');
  crm = join(tmp.dir, 'crm.db');
  await seedDatabaseFile(crm, { customers: 300, seed: 5, anchor: FIXTURE_ANCHOR });
}, 60_000);
afterAll(async () => {
  for (const d of databases) await d.drop();
  tmp?.cleanup();
});

async function emptyDatabase(): Promise<string> {
  const db = await freshPostgresDatabase();
  databases.push(db);
  return db.url;
}

async function counts(url: string, tables: readonly string[]): Promise<Record<string, number>> {
  const store = openPostgresStore(url, { maxConnections: 1 });
  try {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(store.db)).rows[0]?.n ?? -1;
    return out;
  } finally {
    await store.close();
  }
}

const moveCliWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'electron/core/db/move-cli.ts'), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const moveCli = (...args: string[]) => moveCliWith({}, ...args);

/** The URL without its password, and the password (for PGPASSWORD). */
function withoutPassword(url: string): { url: string; password: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), password };
}

describeOnPostgres('moving a centre from SQLite to PostgreSQL', () => {
  it('moves every table with equal counts and checksums, and a second run without --replace is refused and changes nothing', async () => {
    const url = await emptyDatabase();
    // The password through PGPASSWORD, as the warning below advises: nothing on stderr.
    const bare = withoutPassword(url);
    expect(new URL(bare.url).password).toBe('');
    const first = await moveCliWith({ PGPASSWORD: bare.password }, '--from', crm, '--to', bare.url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^customers\s+300\s+300\s+([0-9a-f]{32})\s+\1\s+yes$/m);
    expect(first.stdout).toMatch(/^order_lines\s+[\d,]+\s+[\d,]+\s+([0-9a-f]{32})\s+\1\s+yes$/m);
    expect(first.stdout).not.toMatch(/\sNO$/m);
    expect(first.stdout).toContain('counts and checksums equal; committed');
    expect(first.stdout).not.toContain(':frontline@'); // the password is never printed
    const after = await counts(url, ['customers', 'orders', 'order_lines', 'customer_phones']);
    expect(after.customers).toBe(300);

    const second = await moveCli('--from', crm, '--to', url);
    expect(second.stderr).toContain('a password on the command line is visible to every user of this machine');
    expect(second.stderr).not.toContain(':frontline@');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('refused: the target database already holds data (customers');
    expect(second.stderr).toContain('run again with --replace');
    expect(await counts(url, Object.keys(after))).toEqual(after);
  }, 60_000);

  it('finds one value changed after the move although every count is still equal (the checksum control)', async () => {
    const url = await emptyDatabase();
    await moveToPostgres({ from: crm, to: url });
    expect((await compareSqliteWithPostgres(crm, url)).every((c) => c.equal)).toBe(true);

    const target = openPostgresStore(url, { maxConnections: 1 });
    try {
      await sql`UPDATE order_lines SET quantity = quantity + 1 WHERE id = 7`.execute(target.db);
    } finally {
      await target.close();
    }
    const comparison = await compareSqliteWithPostgres(crm, url);
    const differing = comparison.filter((c) => !c.equal);
    expect(differing.map((c) => c.table)).toEqual(['order_lines']);
    expect(differing[0]?.sqlite.rows).toBe(differing[0]?.postgres.rows);
    expect(differing[0]?.sqlite.checksum).not.toBe(differing[0]?.postgres.checksum);
  }, 60_000);

  it('leaves the target empty when interrupted mid-copy, so the next run needs no flag', async () => {
    const url = await emptyDatabase();
    let pages = 0;
    await expect(
      moveToPostgres({
        from: crm,
        to: url,
        onProgress: (p) => {
          if (p.phase === 'copy' && p.table === 'orders' && p.copied > 0 && ++pages === 1) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(await counts(url, ['customers', 'accounts', 'customer_phones', 'orders', 'order_lines'])).toEqual({ customers: 0, accounts: 0, customer_phones: 0, orders: 0, order_lines: 0 });

    const result = await moveToPostgres({ from: crm, to: url });
    expect(result.replaced).toEqual([]);
    expect(result.comparison.find((c) => c.table === 'customers')?.postgres.rows).toBe(300);
    // Ids continue after the copied ones.
    const target = openPostgresStore(url, { maxConnections: 1 });
    try {
      const id = await target.db
        .insertInto('customers')
        .values({ first_name: 'New', last_name: 'Customer', search_name: 'new customer', email: null, city: null, customer_since: 1, updated_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(id.id).toBe(301);
    } finally {
      await target.close();
    }
  }, 60_000);

  it('replaces what the target held only with --replace', async () => {
    const url = await emptyDatabase();
    await moveToPostgres({ from: crm, to: url });
    const other = join(tmp.dir, 'other.db');
    await seedDatabaseFile(other, { customers: 120, seed: 9, anchor: FIXTURE_ANCHOR });
    const refused = await moveToPostgres({ from: other, to: url }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TargetNotEmptyError);
    expect((await counts(url, ['customers'])).customers).toBe(300);

    const result = await moveToPostgres({ from: other, to: url, replace: true });
    expect(result.replaced).toContain('customers');
    expect(result.comparison.every((c) => c.equal)).toBe(true);
    expect((await counts(url, ['customers'])).customers).toBe(120);
  }, 60_000);

  it('refuses a source file that does not exist instead of creating an empty one', async () => {
    const missing = join(tmp.dir, 'missing.db');
    await expect(moveToPostgres({ from: missing, to: await emptyDatabase() })).rejects.toThrow(`no SQLite database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a SQLite file that is not a Frontline database, leaving that file and a full target untouched even with --replace', async () => {
    const url = await emptyDatabase();
    await moveToPostgres({ from: crm, to: url });
    const foreign = join(tmp.dir, 'someone-elses.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (\'keep me\')');
    other.close();

    await expect(moveToPostgres({ from: foreign, to: url, replace: true })).rejects.toThrow(`${foreign} is not a Frontline database`);
    await expect(compareSqliteWithPostgres(foreign, url)).rejects.toThrow(`${foreign} is not a Frontline database`);

    const after = new Database(foreign, { readonly: true });
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    after.close();
    expect(tables).toEqual(['notes']);
    expect((await counts(url, ['customers'])).customers).toBe(300);
  }, 60_000);
});

