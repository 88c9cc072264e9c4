import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import { DEFERRED, isSqlite } from './dialect';
import { sqliteHandleOf } from './sqlite-handle';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

const NAME = Symbol('parameter name');
interface Placeholder {
  readonly [NAME]: string;
}

function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === 'object' && value !== null && NAME in value;
}

/** The SQL of one dialect, and where each bound value comes from: a named parameter or a constant of the query. */
interface Plan {
  readonly sql: string;
  /** The same statement marked as one whose result is not waited for (PostgreSQL only; see `DEFERRED`). */
  readonly deferredSql: string;
  readonly slots: ReadonlyArray<{ readonly name: string } | { readonly value: unknown }>;
  /** The statement prepared on the SQLite handle, for the direct path inside a transaction (made on first use). */
  prepared: SqliteDatabase.Statement | null;
}

export interface CompiledOnceQuery<P, O> {
  all(db: Db, params: P): Promise<O[]>;
  first(db: Db, params: P): Promise<O | undefined>;
  /** How many rows an insert, update or delete changed. */
  affected(db: Db, params: P): Promise<bigint>;
  /**
   * Run a write whose result the caller does not need. In a PostgreSQL transaction it is not waited
   * for: it travels with the transaction's next statement, and its failure is that statement's
   * (ADR 0056). Elsewhere it simply runs.
   */
  send(db: Db, params: P): Promise<void>;
}

/** Run an ad-hoc write (not compiled once) whose result the caller does not need: see `CompiledOnceQuery.send`. */
export async function sendWrite(db: Db, query: Compilable): Promise<void> {
  const compiled = query.compile();
  await db.executeQuery(isSqlite(db) ? compiled : CompiledQuery.raw(`${DEFERRED}${compiled.sql}`, [...compiled.parameters]));
}

/**
 * A query of the hot write path, built and compiled by Kysely once per dialect instead of on every
 * execution. Building and compiling took ~40 % of the CPU of a call event (immutable node trees,
 * the plugin's transform, the compiler), more than SQLite spent running the statements
 * (docs/BENCHMARKS.md "compiled once"). The builder gets placeholders for `params`: each must end up
 * as a bound value, never steer the builder's own logic (checked when the plan is made). Only for
 * queries whose SQL does not depend on the values (no `in` lists, no optional clauses).
 */
export function compiledOnce<P extends object, O>(build: (db: Db, params: P) => Compilable<O>): CompiledOnceQuery<P, O> {
  // Keyed by the dialect adapter: a transaction shares its database's adapter, SQLite and PostgreSQL do not.
  const plans = new WeakMap<object, Plan>();

  function planFor(db: Db): Plan {
    const adapter = db.getExecutor().adapter;
    let plan = plans.get(adapter);
    if (plan === undefined) {
      plan = makePlan(db);
      plans.set(adapter, plan);
    }
    return plan;
  }

  function makePlan(db: Db): Plan {
    const asked = new Set<string>();
    const params = new Proxy(
      {},
      {
        get(_target, key) {
          if (typeof key !== 'string') return undefined;
          asked.add(key);
          return { [NAME]: key } satisfies Placeholder;
        },
      },
    ) as P;
    const compiled = build(db, params).compile();
    const slots = compiled.parameters.map((value) => (isPlaceholder(value) ? { name: value[NAME] } : { value }));
    const bound = new Set(slots.flatMap((slot) => ('name' in slot ? [slot.name] : [])));
    const steering = [...asked].filter((name) => !bound.has(name));
    if (steering.length > 0) throw new Error(`compiledOnce: ${steering.join(', ')} must be bound values, not used to shape the query (${compiled.sql})`);
    return { sql: compiled.sql, deferredSql: isSqlite(db) ? compiled.sql : `${DEFERRED}${compiled.sql}`, slots, prepared: null };
  }

  function valuesOf(plan: Plan, params: P): unknown[] {
    return plan.slots.map((slot) => ('name' in slot ? (params as Record<string, unknown>)[slot.name] : slot.value));
  }

  function execute(db: Db, plan: Plan, params: P, deferred = false): Promise<QueryResult<O>> {
    return db.executeQuery<O>(CompiledQuery.raw(deferred ? plan.deferredSql : plan.sql, valuesOf(plan, params)));
  }

  /**
   * Inside a SQLite transaction the statement runs on the transaction's one connection directly (ADR 0067):
   * the transaction already holds it (Kysely's connection lock is taken for the transaction's whole callback),
   * so Kysely's per-statement executor, connection provider and promise chain only cost allocations and turns
   * of the event loop. Outside a transaction the statement goes through Kysely, which waits for that lock.
   */
  function direct(db: Db, plan: Plan): SqliteDatabase.Statement | null {
    if (!db.isTransaction) return null;
    if (plan.prepared !== null) return plan.prepared;
    const handle = sqliteHandleOf(db);
    if (handle === null) return null;
    plan.prepared = handle.prepare(plan.sql);
    return plan.prepared;
  }

  return {
    async all(db, params) {
      const plan = planFor(db);
      const statement = direct(db, plan);
      if (statement === null) return (await execute(db, plan, params)).rows;
      if (statement.reader) return statement.all(valuesOf(plan, params)) as O[];
      statement.run(valuesOf(plan, params));
      return [];
    },
    async first(db, params) {
      const plan = planFor(db);
      const statement = direct(db, plan);
      if (statement === null) return (await execute(db, plan, params)).rows[0];
      // SQLite makes every change of a statement (RETURNING's too) on its first step: one row read is the whole write.
      if (statement.reader) return statement.get(valuesOf(plan, params)) as O | undefined;
      statement.run(valuesOf(plan, params));
      return undefined;
    },
    async affected(db, params) {
      const plan = planFor(db);
      const statement = direct(db, plan);
      if (statement === null) return (await execute(db, plan, params)).numAffectedRows ?? 0n;
      // Kysely's SQLite driver reads a statement that returns rows and counts no change for it.
      if (statement.reader) {
        statement.all(valuesOf(plan, params));
        return 0n;
      }
      return BigInt(statement.run(valuesOf(plan, params)).changes);
    },
    async send(db, params) {
      const plan = planFor(db);
      const statement = direct(db, plan);
      if (statement === null) {
        await execute(db, plan, params, true);
        return;
      }
      if (statement.reader) statement.all(valuesOf(plan, params));
      else statement.run(valuesOf(plan, params));
    },
  };
}
