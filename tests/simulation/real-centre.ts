import { openPostgresStore, openSqliteStore, type Store } from '../../electron/core/db/store';
import { copySqliteToPostgres } from '../../electron/core/db/copy-to-postgres';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { inPostgresTransaction } from '../../electron/core/db/pg-transaction';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { createCore, type Core } from '../../electron/core/create-core';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { createMetricsRepository } from '../../electron/core/metrics/metrics-repository';
import { toMetricSettings } from '../../electron/core/metrics/metrics-service';
import type { BoardSnapshot, BoardTrace } from '../../shared/contract/schemas/board';
import type { MetricsReport } from '../../shared/contract/schemas/metrics';
import type { Settings } from '../../shared/contract/schemas/settings';
import { prepareMetrics, type PreparedInput } from '../../shared/domain/metrics/engine';
import type { TimeRange } from '../../shared/domain/metrics/types';
import type { PresenceStatus, QueueRef, Switchboard } from './call-centre';
import { traceBoard, type TracedBoard } from './traced-board';

export interface RealCentre {
  core: Core;
  board: Switchboard;
  /** The server's clock; the simulator moves it. */
  setClock(t: number): void;
  queues: QueueRef[];
  teams: { id: number; agentIds: number[] }[];
  supervisorId: number;
  /** metrics.query as the supervisor (range omitted: today's in-memory figures). */
  query(scope: object, range?: { from: number; to: number }): Promise<MetricsReport>;
  /**
   * A range's input as metrics.query builds it (the real repository over the same file, the real
   * engine's grouping), for computing many scopes from one read.
   */
  rangeInput(range: TimeRange, now: number): Promise<PreparedInput>;
  /** metrics.query as an agent for their own figures. */
  queryAsAgent(agent: number, input: object): Promise<MetricsReport>;
  /** The supervisors' board once every projection has caught up, as board.subscribe sends it. */
  /** The supervisor's board after the floor settled, every number traced to its calls as a supervisor would (board.trace). */
  boardState(): Promise<TracedBoard>;
  close(): Promise<void>;
}

const SEEDED_CUSTOMERS = 2_000;

/** A fresh, empty PostgreSQL database and how to drop it (the test server's, from tests/support/test-stores). */
export type NewPostgresDatabase = () => Promise<{ url: string; drop(): Promise<void> }>;

/**
 * The demo CRM with `customers` customers in a SQLite file; with `postgres`, copied into a fresh
 * PostgreSQL database the way a centre moves to a team (ADR 0076), which is then the store.
 */
async function seededStore(dbFile: string, start: number, customers: number, postgres?: NewPostgresDatabase): Promise<{ store: Store; drop(): Promise<void> }> {
  await seedDatabaseFile(dbFile, { customers: SEEDED_CUSTOMERS, seed: 42, anchor: start });
  // More customers than the demo CRM has, so repeat callers are the exception (bare rows: metrics need only the id).
  // A bulk seed into the SQLite file with its own handle: one prepared statement in one transaction.
  const file = openSqliteStore(dbFile);
  try {
    const addCustomer = file.raw.prepare('INSERT INTO customers (first_name, last_name, search_name, customer_since, updated_at) VALUES (?, ?, ?, ?, ?)');
    file.raw.transaction(() => {
      for (let i = SEEDED_CUSTOMERS + 1; i <= customers; i++) addCustomer.run('Sim', `Caller ${i}`, `sim caller ${i}`, start, start);
    })();
    if (postgres === undefined) return { store: openSqliteStore(dbFile), drop: async () => undefined };
    const database = await postgres();
    const store = openPostgresStore(database.url);
    await migrateToLatest(store.db);
    await inPostgresTransaction(store.pool, (tx) => copySqliteToPostgres(file.db, tx));
    return { store, drop: database.drop };
  } finally {
    await file.close();
  }
}

/**
 * A real core on a real SQLite file (in /dev/shm when there is one: the test measures the metrics,
 * not the disk), or on a real PostgreSQL database holding a copy of that file (`postgres`), with
 * the shipped settings except mandatory after-call work, so a wrap-up ends exactly when the
 * simulator submits it and no timer fires behind its back.
 */
export async function openRealCentre(opts: { start: number; customers: number; agents: number; postgres?: NewPostgresDatabase }): Promise<RealCentre> {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'frontline-sim-'));
  const { store, drop } = await seededStore(join(dir, 'crm.db'), opts.start, opts.customers, opts.postgres);
  let clock = opts.start;
  const core = await createCore({
    quickStart: true,
    store,
    now: () => clock,
    logger: createLogger('test', 'silent'),
    settings: { acw: { mode: 'mandatory', timeBoxS: 60, extendS: 30 } },
    // As the hosts run it: results are not re-validated against the contract (docs/BENCHMARKS.md).
    validateOutput: false,
  });
  const db = core.store.db;

  const maxId = (await db.selectFrom('customers').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id;
  if (maxId !== opts.customers) throw new Error(`expected customers 1..${opts.customers}, have up to ${maxId}`);

  // Two teams; the agents exist before their first sign-in so they can be placed in one.
  const frontOffice = (await db.selectFrom('teams').select('id').where('name', '=', 'Front office').executeTakeFirstOrThrow()).id;
  const backOffice = (await db.insertInto('teams').values({ name: 'Back office' }).returning('id').executeTakeFirstOrThrow()).id;
  const extension = (n: number) => String(7001 + n);
  const half = Math.ceil(opts.agents / 2);
  const agentIds: number[] = [];
  for (let n = 0; n < opts.agents; n++) {
    const agent = { name: `Agent ${extension(n)}`, extension: extension(n), role: 'agent', team_id: n < half ? frontOffice : backOffice, created_at: opts.start, password_hash: null, demo_credential: 1 };
    agentIds.push((await db.insertInto('agents').values(agent).returning('id').executeTakeFirstOrThrow()).id);
  }
  const boss = { name: 'Sue Pervisor', extension: '8100', password: 'simulated-month' };
  await upsertSupervisor(db, boss, opts.start);
  const supervisor = newCallContext();
  const signedIn = await core.dispatch('agent.signIn', boss, supervisor);
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  const supervisorId = (signedIn.value as { agent: { id: number } }).agent.id;
  const queues: QueueRef[] = await db.selectFrom('queues').select(['id', 'name']).orderBy('id').execute();

  const contexts = Array.from({ length: opts.agents }, () => newCallContext());
  const ctx = (n: number) => contexts[n] as CallContext;
  async function call<T>(method: string, input: object, c: CallContext): Promise<T> {
    const r = await core.dispatch(method as 'system.ping', input as never, c);
    if (!r.ok) throw new Error(`${method} ${JSON.stringify(input)} at ${clock}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  }
  let eventSeq = 0;
  const board: Switchboard = {
    setClock: (t) => {
      clock = t;
    },
    async signIn(n) {
      const v = await call<{ agent: { id: number }; status: PresenceStatus }>('agent.signIn', { name: `Agent ${extension(n)}`, extension: extension(n) }, ctx(n));
      return { agentId: v.agent.id, status: v.status };
    },
    signOut: (n) => call('agent.signOut', {}, ctx(n)),
    setState: (n, state, reason) => call('agent.setState', reason === null ? { state } : { state, reason }, ctx(n)),
    setNextState: (n, state, reason) => call('agent.setNextState', { state, reason }, ctx(n)),
    report: (n, callKey, event, transferredFromCallId) =>
      call('calls.report', { callKey, eventId: `sim-event-${++eventSeq}`, at: clock, event, transferredFromCallId }, ctx(n)),
    async submitWrapUp(n, callId, fields) {
      return (await call<{ status: PresenceStatus }>('wrapUp.submit', { callId, fields }, ctx(n))).status;
    },
  };
  return {
    core,
    board,
    setClock: board.setClock,
    queues,
    teams: [
      { id: frontOffice, agentIds: agentIds.slice(0, half) },
      { id: backOffice, agentIds: agentIds.slice(half) },
    ],
    supervisorId,
    query: (scope, range) => call<MetricsReport>('metrics.query', range === undefined ? { scope, bucketMinutes: 1440 } : { scope, range, bucketMinutes: 1440 }, supervisor),
    async rangeInput(range, now) {
      const settings = toMetricSettings((await call<Settings>('settings.get', {}, supervisor)).metrics);
      const repository = createMetricsRepository(db);
      const [legs, states] = await Promise.all([repository.legsFor(range, settings.fcrWindowMs), repository.statesFor(range)]);
      return prepareMetrics({ legs, states, range, now, settings });
    },
    queryAsAgent: (n, input) => call<MetricsReport>('metrics.query', input, ctx(n)),
    async boardState() {
      await core.settled();
      const { state } = await call<BoardSnapshot>('board.subscribe', {}, supervisor);
      return traceBoard(state, (ref) => call<BoardTrace>('board.trace', ref, supervisor));
    },
    async close() {
      await core.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
