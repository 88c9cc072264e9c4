import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect, it } from 'vitest';
import { compiledOnce } from '../../electron/core/db/compiled-once';
import { lockForTransaction } from '../../electron/core/db/dialect';
import { inPostgresTransaction } from '../../electron/core/db/pg-transaction';
import { StatementNames } from '../../electron/core/db/pg-named-statements';
import { openPostgresStore } from '../../electron/core/db/store';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';

describe('statement names', () => {
  it('names a text on its second use, keeps that name, and names nothing past its limits', () => {
    const names = new StatementNames(2, 3);
    expect(names.nameFor('a')).toBeUndefined();
    const a = names.nameFor('a');
    expect(a).toBeDefined();
    expect(names.nameFor('a')).toBe(a);
    expect(names.nameFor('b')).toBeUndefined();
    const b = names.nameFor('b');
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
    // Two names given: a third text is never named, however often it runs.
    for (let i = 0; i < 5; i++) expect(names.nameFor('c')).toBeUndefined();
    expect(names.size).toBe(2);
  });

  it('stops counting new texts when its count table is full (one-off texts cannot grow it)', () => {
    const names = new StatementNames(10, 2);
    names.nameFor('x');
    names.nameFor('y');
    names.nameFor('z');
    expect(names.nameFor('z')).toBeUndefined();
    expect(names.nameFor('x')).toBeDefined();
  });
});

describeOnPostgres('statements on a PostgreSQL store', () => {
  async function withStore<T>(work: (store: ReturnType<typeof openPostgresStore>) => Promise<T>): Promise<T> {
    const database = await freshPostgresDatabase();
    const store = openPostgresStore(database.url, { maxConnections: 1 });
    try {
      return await work(store);
    } finally {
      await store.close();
      await database.drop();
    }
  }
  const prepared = async (store: ReturnType<typeof openPostgresStore>) =>
    (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements ORDER BY statement`.execute(store.db)).rows.map((r) => r.statement);

  it('runs a statement with values prepared from its second use, with the same results', async () => {
    await withStore(async (store) => {
      const results: number[] = [];
      for (const n of [1, 2, 3]) results.push((await sql<{ n: number }>`SELECT ${n}::int + 40 AS n`.execute(store.db)).rows[0]?.n ?? -1);
      expect(results).toEqual([41, 42, 43]);
      expect(await prepared(store)).toEqual(['SELECT $1::int + 40 AS n']);
    });
  });

  it('leaves statements without values and statements run once unnamed; several statements in one text still run', async () => {
    await withStore(async (store) => {
      await sql`CREATE TABLE t (id int); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)`.execute(store.db);
      await sql`CREATE TABLE t2 (id int); INSERT INTO t2 VALUES (1)`.execute(store.db);
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM t WHERE id > ${0}`.execute(store.db)).rows[0]?.n).toBe(2);
      expect(await prepared(store)).toEqual([]);
    });
  });

  it('reports a statement that fails to parse the same way every time (never "does not exist")', async () => {
    await withStore(async (store) => {
      for (let i = 0; i < 3; i++) await expect(sql`SELEC ${i}::int`.execute(store.db)).rejects.toThrow(/syntax error/);
      expect((await sql<{ n: number }>`SELECT ${7}::int AS n`.execute(store.db)).rows[0]?.n).toBe(7);
    });
  });

  it('keeps a prepared statement usable after the transaction that prepared it rolled back', async () => {
    await withStore(async (store) => {
      await sql`CREATE TABLE u (id int PRIMARY KEY)`.execute(store.db);
      const insert = (id: number) => sql`INSERT INTO u (id) VALUES (${id})`.execute(store.db);
      await insert(1);
      await expect(
        store.db.transaction().execute(async (tx) => {
          await sql`INSERT INTO u (id) VALUES (${2})`.execute(tx);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await insert(3);
      await expect(insert(3)).rejects.toThrow(/duplicate key/);
      const ids = (await sql<{ id: number }>`SELECT id FROM u ORDER BY id`.execute(store.db)).rows.map((r) => r.id);
      expect(ids).toEqual([1, 3]);
      expect(await prepared(store)).toContain('INSERT INTO u (id) VALUES ($1)');
    });
  });

  describe('a transaction pipelines the statements nobody waits for', () => {
    // `send` is the writers' way of saying so; the table stands for any of theirs.
    const insertU = compiledOnce((db, p: { id: number }) => (db as unknown as Kysely<{ u: { id: number } }>).insertInto('u').values({ id: p.id }));
    const prepare = (store: ReturnType<typeof openPostgresStore>) => sql`CREATE TABLE u (id int PRIMARY KEY)`.execute(store.db);
    const ids = async (store: ReturnType<typeof openPostgresStore>) => (await sql<{ id: number }>`SELECT id FROM u ORDER BY id`.execute(store.db)).rows.map((r) => r.id);

    it('takes the lock before the next statement runs, without waiting for it itself', async () => {
      await withStore(async (store) => {
        const holder = new pg.Client({ connectionString: (store.pool as unknown as { options: { connectionString: string } }).options.connectionString });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('SELECT pg_advisory_xact_lock(9, 1)');
          const steps: string[] = [];
          const tx = store.db.transaction().execute(async (t) => {
            await lockForTransaction(t, 9, 1);
            steps.push('lock sent');
            const row = (await sql<{ held: boolean }>`SELECT count(*) > 0 AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted`.execute(t)).rows[0];
            steps.push(`read after the lock: held ${String(row?.held)}`);
          });
          await new Promise((resolve) => setTimeout(resolve, 200));
          steps.push('other released');
          await holder.query('COMMIT');
          await tx;
          expect(steps).toEqual(['lock sent', 'other released', 'read after the lock: held true']);
        } finally {
          await holder.end();
        }
      });
    });

    it("fails the transaction with a sent statement's own error, at the next statement, and commits nothing", async () => {
      await withStore(async (store) => {
        await prepare(store);
        await insertU.send(store.db, { id: 1 });
        let afterDuplicate = 'not run';
        await expect(
          store.db.transaction().execute(async (t) => {
            await insertU.send(t, { id: 2 });
            await insertU.send(t, { id: 1 });
            afterDuplicate = 'sent, not waited for';
            await sql`SELECT 1`.execute(t);
            afterDuplicate = 'the next statement succeeded';
          }),
        ).rejects.toMatchObject({ code: '23505' });
        expect(afterDuplicate).toBe('sent, not waited for');
        expect(await ids(store)).toEqual([1]);
      });
    });

    it('fails the COMMIT when the last statements sent failed, and commits nothing', async () => {
      await withStore(async (store) => {
        await prepare(store);
        await insertU.send(store.db, { id: 1 });
        await expect(
          store.db.transaction().execute(async (t) => {
            await insertU.send(t, { id: 2 });
            await insertU.send(t, { id: 1 });
          }),
        ).rejects.toMatchObject({ code: '23505' });
        await store.db.transaction().execute(async (t) => {
          await insertU.send(t, { id: 3 });
          await insertU.send(t, { id: 4 });
        });
        expect(await ids(store)).toEqual([1, 3, 4]);
      });
    });

    it('leaves the connection as pg runs it after the transaction (a COPY still works on it)', async () => {
      await withStore(async (store) => {
        await prepare(store);
        await store.db.transaction().execute(async (t) => {
          await insertU.send(t, { id: 1 });
        });
        await inPostgresTransaction(store.pool, async ({ client }) => {
          await pipeline(Readable.from(['2\n3\n']), client.query(copyFrom('COPY u (id) FROM STDIN WITH (FORMAT csv)')));
        });
        expect(await ids(store)).toEqual([1, 2, 3]);
      });
    });
  });
});
