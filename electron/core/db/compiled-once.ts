import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type Transaction } from 'kysely';
import { DEFERRED, isSqlite } from './dialect';
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
    return { sql: compiled.sql, deferredSql: isSqlite(db) ? compiled.sql : `${DEFERRED}${compiled.sql}`, slots };
  }

  function execute(db: Db, params: P, deferred = false): Promise<QueryResult<O>> {
    const plan = planFor(db);
    const values = plan.slots.map((slot) => ('name' in slot ? (params as Record<string, unknown>)[slot.name] : slot.value));
    return db.executeQuery<O>(CompiledQuery.raw(deferred ? plan.deferredSql : plan.sql, values));
  }

  return {
    all: async (db, params) => (await execute(db, params)).rows,
    first: async (db, params) => (await execute(db, params)).rows[0],
    affected: async (db, params) => (await execute(db, params)).numAffectedRows ?? 0n,
    send: async (db, params) => {
      await execute(db, params, true);
    },
  };
}
