import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiteralLimitsPlugin } from '../../electron/core/db/literal-limits';
import { withStatementCache } from '../../electron/core/db/statement-cache';

interface Db {
  t: { x: number };
}

let db: Kysely<Db>;
beforeEach(async () => {
  const raw = new SqliteDatabase(':memory:');
  raw.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3), (4);');
  db = new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }), plugins: [new LiteralLimitsPlugin()] });
});
afterEach(() => db.destroy());

describe('LIMIT and OFFSET written into the SQL (SQLite re-prepares a statement with a bound LIMIT)', () => {
  it('writes whole counts as literals and binds only the other values', () => {
    const query = db.selectFrom('t').select('x').where('x', '>', 1).orderBy('x').limit(2).offset(1).compile();
    expect(query.sql).toMatch(/limit 2 offset 1$/);
    expect(query.parameters).toEqual([1]);
  });

  it('writes a subquery’s limit as a literal too, and leaves a query without any limit as it was built', () => {
    const nested = db
      .selectFrom('t')
      .select('x')
      .where('x', 'in', (eb) => eb.selectFrom('t').select('x').orderBy('x').limit(2))
      .compile();
    expect(nested.sql).toMatch(/limit 2\)$/);
    const plain = db.selectFrom('t').select('x').where('x', '=', 3).compile();
    expect(plain.sql).not.toMatch(/limit/);
    expect(plain.parameters).toEqual([3]);
  });

  it('returns the rows the limit and offset select', async () => {
    expect(await db.selectFrom('t').select('x').orderBy('x', 'desc').limit(2).offset(1).execute()).toEqual([{ x: 3 }, { x: 2 }]);
    expect(await db.selectFrom('t').select('x').orderBy('x').limit(1).execute()).toEqual([{ x: 1 }]);
  });

  it('keeps anything that is not a whole, non-negative count as a bound parameter', () => {
    const fractional = db.selectFrom('t').select('x').limit(1.5).compile();
    expect(fractional.sql).toMatch(/limit \?$/);
    expect(fractional.parameters).toEqual([1.5]);
    const negative = db.selectFrom('t').select('x').limit(-1).compile();
    expect(negative.parameters).toEqual([-1]);
  });
});
