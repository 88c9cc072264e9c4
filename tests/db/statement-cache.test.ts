import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../electron/core/db/statement-cache';

let raw: SqliteDatabase.Database;
beforeEach(() => {
  raw = new SqliteDatabase(':memory:');
  raw.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);');
});
afterEach(() => raw.open && raw.close());

describe('the statement cache Kysely prepares through', () => {
  it('hands back the same prepared statement for the same SQL', () => {
    const db = withStatementCache(raw);
    expect(db.prepare('SELECT x FROM t')).toBe(db.prepare('SELECT x FROM t'));
    expect(db.prepare('SELECT x FROM t WHERE x = ?')).not.toBe(db.prepare('SELECT x FROM t'));
  });

  it('never hands out a statement that is still iterating (a stream reading the same query twice)', () => {
    const db = withStatementCache(raw);
    const outer = db.prepare('SELECT x FROM t ORDER BY x');
    const seen: number[] = [];
    for (const row of outer.iterate([]) as Iterable<{ x: number }>) {
      const inner = db.prepare('SELECT x FROM t ORDER BY x');
      expect(inner).not.toBe(outer);
      seen.push(row.x, (inner.all([]) as { x: number }[]).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });

  it('evicts the least recently used statement beyond its capacity', () => {
    const db = withStatementCache(raw, 2);
    const a = db.prepare('SELECT 1');
    const b = db.prepare('SELECT 2');
    expect(db.prepare('SELECT 1')).toBe(a);
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).toBe(a);
    expect(db.prepare('SELECT 2')).not.toBe(b);
  });

  it('still sees a schema change made after a statement was cached', () => {
    const db = withStatementCache(raw);
    expect(db.prepare('SELECT * FROM t LIMIT 1').all([])).toEqual([{ x: 1 }]);
    raw.exec('ALTER TABLE t ADD COLUMN y TEXT');
    expect(db.prepare('SELECT * FROM t LIMIT 1').all([])).toEqual([{ x: 1, y: null }]);
  });

  it('closes the database it wraps', () => {
    withStatementCache(raw).close();
    expect(raw.open).toBe(false);
  });
});
