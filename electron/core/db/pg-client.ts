import pg from 'pg';
import { DEFERRED } from './dialect';
import type { StatementNames } from './pg-named-statements';

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;
type Result = pg.QueryResult<Record<string, unknown>>;

/** What a statement sent without waiting hands back at once: no rows, nothing counted. */
const NOT_AWAITED: Result = { command: 'DEFERRED', rowCount: null, oid: 0, rows: [], fields: [] };

interface PipelineState {
  /** In a transaction begun by Kysely's `begin`: statements are pipelined until its COMMIT or ROLLBACK. */
  inTransaction: boolean;
  /** Statements of this transaction sent but not waited for; their outcome joins the next statement's. */
  outstanding: Promise<unknown> | null;
  /** The socket is corked since such a statement: it leaves in one write with the next one. */
  corked: boolean;
}

interface Corkable {
  cork?: () => void;
  uncork?: () => void;
}

const ignore = () => undefined;

/** Both outcomes, once both settled: the earlier statement's failure first (the later one only failed because of it). */
async function joined(before: Promise<unknown>, sent: Promise<Result>, earlierFailureCounts: boolean): Promise<Result> {
  const [b, s] = await Promise.allSettled([before, sent]);
  if (earlierFailureCounts && b.status === 'rejected') throw b.reason;
  if (s.status === 'rejected') throw s.reason;
  return s.value;
}

/**
 * The `pg.Client` class of Frontline's pools (ADR 0056):
 * - repeated statements with bound values run as named (prepared) statements (`StatementNames`);
 * - inside a transaction Kysely began (`begin` … `commit`/`rollback`), the connection is in `pg`'s
 *   pipeline mode and the statements nobody waits for — `begin` itself and statements marked
 *   `DEFERRED` (the agent's lock, inserts whose result is not read) — are sent at once and answered
 *   at once with no rows: they travel with the next statement in one round trip instead of one each.
 *   The server still runs them in order, and a failure among them is the failure of the next
 *   statement (or the COMMIT), so the transaction rolls back as before.
 * Query objects (the pop reader's own names, COPY streams), callbacks (`pool.query`) and
 * transactions begun otherwise (`BEGIN ISOLATION LEVEL …` of the move) are left as `pg` runs them.
 */
export function frontlineClientClass(names: StatementNames): typeof pg.Client {
  const base = pg.Client.prototype.query as unknown as QueryFn;
  const states = new WeakMap<pg.Client, PipelineState>();

  function send(client: pg.Client, text: string, values: unknown): Promise<Result> {
    const name = Array.isArray(values) && values.length > 0 ? names.nameFor(text) : undefined;
    return (name === undefined ? base.call(client, text, values) : base.call(client, { name, text, values })) as Promise<Result>;
  }

  function setPipeline(client: pg.Client, on: boolean): void {
    (client as unknown as { pipeline: boolean }).pipeline = on;
  }

  function streamOf(client: pg.Client): Corkable | undefined {
    return (client as unknown as { connection?: { stream?: Corkable } }).connection?.stream;
  }

  /**
   * A statement nobody waits for is held in the socket until the next one is sent (at the latest at
   * the end of this turn's microtasks): they leave in one write. For the events statement and the
   * COMMIT (ADR 0063) that means the server never runs the one holding the head row's lock while the
   * other is still in this process — which, on a loaded machine, can be descheduled between two writes.
   */
  function corkUntilNext(client: pg.Client, state: PipelineState): void {
    if (state.corked) return;
    const stream = streamOf(client);
    if (stream?.cork === undefined) return;
    stream.cork();
    state.corked = true;
    process.nextTick(() => uncork(client, state));
  }

  function uncork(client: pg.Client, state: PipelineState): void {
    if (!state.corked) return;
    state.corked = false;
    streamOf(client)?.uncork?.();
  }

  function inTransaction(client: pg.Client, state: PipelineState, text: string, values: unknown): Promise<Result> {
    if (text === 'commit' || text === 'rollback') {
      const before = state.outstanding ?? Promise.resolve();
      state.outstanding = null;
      const ended = send(client, text, values);
      uncork(client, state);
      // Out of pipeline mode only once everything sent was answered (pg's plain mode ignores queries already on the wire).
      const settled = joined(before, ended, text === 'commit');
      return settled.finally(() => {
        state.inTransaction = false;
        setPipeline(client, false);
      });
    }
    const deferred = text.startsWith(DEFERRED);
    if (deferred) corkUntilNext(client, state);
    const sent = send(client, text, values);
    if (!deferred) uncork(client, state);
    if (deferred) {
      const all = state.outstanding === null ? sent : Promise.all([state.outstanding, sent]);
      // Observed later, by the next statement; never an unhandled rejection meanwhile.
      all.catch(ignore);
      state.outstanding = all;
      return Promise.resolve(NOT_AWAITED);
    }
    if (state.outstanding === null) return sent;
    const before = state.outstanding;
    state.outstanding = null;
    return joined(before, sent, true);
  }

  class FrontlineClient extends pg.Client {}
  const query: QueryFn = function (this: pg.Client, config, values, callback) {
    if (typeof config !== 'string' || callback !== undefined || typeof values === 'function') {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = names.nameFor(config);
        if (name !== undefined) return base.call(this, { name, text: config, values }, callback);
      }
      return base.call(this, config, values, callback);
    }
    let state = states.get(this);
    if (state?.inTransaction === true) return inTransaction(this, state, config, values);
    if (config === 'begin' && (this as unknown as { readyForQuery: boolean }).readyForQuery) {
      state ??= { inTransaction: false, outstanding: null, corked: false };
      states.set(this, state);
      state.inTransaction = true;
      setPipeline(this, true);
      corkUntilNext(this, state);
      const begun = send(this, config, values);
      begun.catch(ignore);
      state.outstanding = begun;
      return Promise.resolve({ ...NOT_AWAITED, command: 'BEGIN' });
    }
    return send(this, config, values);
  };
  (FrontlineClient.prototype as unknown as { query: QueryFn }).query = query;
  return FrontlineClient;
}
