import { WebSocket } from 'ws';
import type { MethodOutput } from '../../shared/contract/methods';
import { createCore, type Core } from '../../electron/core/create-core';
import { openPostgresStore, openSqliteStore } from '../../electron/core/db/store';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { startHttpHost, type HttpHost } from '../../electron/server/http-host';
import { BENCH_LIMITS } from '../support/bench-limits';
import { tempDir } from '../support/temp-dir';
import { join } from 'node:path';
import { benchPostgresAdminUrl, scratchDatabase } from './bench-postgres';
import { printLatencyTable } from './stats';

const AGENTS = 20;
const WRITERS_PER_INSTANCE = 4;
const SUSTAIN_MS = 15_000;
const LOST_AFTER_MS = 10_000;

type State = 'available' | 'break';
const setState = (state: State) => (state === 'break' ? { state, reason: 'Coffee' } : { state });

/** An agent's other window: a WebSocket on (possibly another instance's) host, resumed with the agent's session token. */
async function agentWindow(host: HttpHost, token: string): Promise<{ next(state: State): Promise<void>; close(): void }> {
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}api`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let waiting: { state: State; resolve: () => void } | null = null;
  let answered: ((ok: boolean) => void) | null = null;
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { event?: string; payload?: { state: string }; result?: { ok: boolean } };
    if (frame.event === 'agent.stateChanged' && waiting !== null && frame.payload?.state === waiting.state) {
      const w = waiting;
      waiting = null;
      w.resolve();
    } else if (frame.result !== undefined) answered?.(frame.result.ok);
  });
  const ok = await new Promise<boolean>((resolve) => {
    answered = resolve;
    ws.send(JSON.stringify({ id: 1, method: 'agent.resume', params: { token } }));
  });
  if (!ok) throw new Error('agent.resume refused');
  return {
    next: (state) => new Promise<void>((resolve) => (waiting = { state, resolve })),
    close: () => ws.close(),
  };
}

interface Side {
  label: string;
  /** Where the agent's state is changed (the dispatcher, as a desk's IPC or socket request would reach it). */
  writer: Core;
  /** Whose WebSocket clients must see it. */
  reader: HttpHost;
  agents: { ctx: CallContext; window: Awaited<ReturnType<typeof agentWindow>>; state: State }[];
  appendMs: number[];
  fanoutMs: number[];
  lost: number;
}

async function signIn(core: Core, extension: string): Promise<{ ctx: CallContext; token: string }> {
  const ctx = newCallContext();
  const r = await core.dispatch('agent.signIn', { name: `Agent ${extension}`, extension, takeOver: true }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return { ctx, token: (r.value as MethodOutput<'agent.signIn'>).session.token };
}

async function side(label: string, writer: Core, reader: HttpHost, firstExtension: number): Promise<Side> {
  const agents: Side['agents'] = [];
  for (let i = 0; i < AGENTS; i++) {
    const { ctx, token } = await signIn(writer, String(firstExtension + i));
    await writer.dispatch('agent.setState', setState('break'), ctx);
    agents.push({ ctx, window: await agentWindow(reader, token), state: 'break' });
  }
  return { label, writer, reader, agents, appendMs: [], fanoutMs: [], lost: 0 };
}

/** One state change on the writer, timed to its commit and to the moment the agent's window on the reader has it. */
async function oneChange(s: Side, i: number, record: boolean): Promise<void> {
  const agent = s.agents[i % s.agents.length] as Side['agents'][number];
  const state: State = agent.state === 'break' ? 'available' : 'break';
  agent.state = state;
  const seen = agent.window.next(state);
  const started = performance.now();
  const r = await s.writer.dispatch('agent.setState', setState(state), agent.ctx);
  const committed = performance.now();
  if (!r.ok) throw new Error(r.error.message);
  const arrived = await Promise.race([seen.then(() => performance.now()), new Promise<null>((resolve) => setTimeout(() => resolve(null), LOST_AFTER_MS))]);
  if (!record) return;
  s.appendMs.push(committed - started);
  if (arrived === null) s.lost++;
  else s.fanoutMs.push(arrived - started);
}

/** Writers changing state as fast as their commits allow for SUSTAIN_MS: commits per second, and each commit's latency meanwhile. */
async function sustained(writers: { core: Core; ctx: CallContext }[]): Promise<{ commits: number; seconds: number; latencyMs: number[] }> {
  const latencyMs: number[] = [];
  const started = performance.now();
  const deadline = started + SUSTAIN_MS;
  await Promise.all(
    writers.map(async (w, k) => {
      let state: State = k % 2 === 0 ? 'available' : 'break';
      while (performance.now() < deadline) {
        state = state === 'break' ? 'available' : 'break';
        const t = performance.now();
        const r = await w.core.dispatch('agent.setState', setState(state), w.ctx);
        if (!r.ok) throw new Error(r.error.message);
        latencyMs.push(performance.now() - t);
      }
    }),
  );
  return { commits: latencyMs.length, seconds: (performance.now() - started) / 1000, latencyMs };
}

/**
 * `npm run bench -- pg-fanout [--samples N]`: the event log's write and fan-out, SQLite and
 * PostgreSQL side by side in one run (ADR 0036).
 * 1. An agent's state change (agent.setState: its transaction, the event appended, one NOTIFY on
 *    PostgreSQL) dispatched on instance A, timed to its commit and to the agent.stateChanged frame
 *    on the agent's other window: a WebSocket client of instance B (a second core and server on the
 *    same database: NOTIFY → LISTEN → B's projections read the log → B's hub → the socket). SQLite
 *    has one instance: its row is the same path within that instance. Samples alternate between
 *    the two; a frame not seen within 10 s counts as lost.
 * 2. NOTIFY-bearing commits per second sustained: 8 writers changing state as fast as they can for
 *    15 s (PostgreSQL: 4 on each instance; SQLite: 8 on its one), and then how long B takes to catch up.
 */
export async function pgFanoutBench(args: { samples: number }): Promise<void> {
  const samples = Math.min(args.samples, 2_000);
  const logger = createLogger('bench', 'warn');
  const tmp = tempDir('frontline-bench-fanout-');
  const database = await scratchDatabase(benchPostgresAdminUrl(), 'frontline_bench_fanout');
  const cores: Core[] = [];
  const hosts: HttpHost[] = [];
  const open = async (store: Parameters<typeof createCore>[0]['store']) => {
    const core = await createCore({ quickStart: true, store, logger, validateOutput: false });
    cores.push(core);
    return core;
  };
  const serve = async (core: Core) => {
    const host = await startHttpHost({ core, staticDir: null, limits: BENCH_LIMITS });
    hosts.push(host);
    return host;
  };
  try {
    const lite = await open(openSqliteStore(join(tmp.dir, 'fanout.db')));
    const a = await open(openPostgresStore(database.url));
    const b = await open(openPostgresStore(database.url));
    const sides = [await side('SQLite: same instance', lite, await serve(lite), 7000), await side('PostgreSQL: instance A → client of B', a, await serve(b), 7000)];
    for (let i = 0; i < 100; i++) for (const s of sides) await oneChange(s, i, false);
    for (let i = 0; i < samples; i++) for (const s of i % 2 === 0 ? sides : [...sides].reverse()) await oneChange(s, i, true);
    for (const s of sides) for (const agent of s.agents) agent.window.close();
    const [sqliteSide, pgSide] = sides as [Side, Side];
    printLatencyTable(`agent.setState on the writer → agent.stateChanged on the agent's window (WebSocket), ${samples} changes each, alternating`, [
      { label: 'SQLite: commit (append)', samplesMs: sqliteSide.appendMs },
      { label: 'SQLite: → client, same instance', samplesMs: sqliteSide.fanoutMs },
      { label: 'PostgreSQL: commit on A (append+NOTIFY)', samplesMs: pgSide.appendMs },
      { label: 'PostgreSQL: → client of instance B', samplesMs: pgSide.fanoutMs },
    ]);
    console.log(`lost (not seen within ${LOST_AFTER_MS / 1000} s): SQLite ${sqliteSide.lost}, PostgreSQL ${pgSide.lost}`);

    const writersOn = async (core: Core, first: number) => Promise.all(Array.from({ length: WRITERS_PER_INSTANCE }, (_, k) => signIn(core, String(first + k)).then(({ ctx }) => ({ core, ctx }))));
    const sqliteRun = await sustained([...(await writersOn(lite, 7100)), ...(await writersOn(lite, 7200))]);
    const pgRun = await sustained([...(await writersOn(a, 7100)), ...(await writersOn(b, 7200))]);
    const catchUp = performance.now();
    await b.projections.settled();
    await a.projections.settled();
    const catchUpMs = performance.now() - catchUp;
    printLatencyTable(`Sustained: ${WRITERS_PER_INSTANCE * 2} writers changing state for ${SUSTAIN_MS / 1000} s, each commit one event (and on PostgreSQL one NOTIFY)`, [
      { label: `SQLite, 8 writers on 1 instance: ${(sqliteRun.commits / sqliteRun.seconds).toFixed(0)} commits/s`, samplesMs: sqliteRun.latencyMs },
      { label: `PostgreSQL, 4+4 writers on A and B: ${(pgRun.commits / pgRun.seconds).toFixed(0)} commits/s`, samplesMs: pgRun.latencyMs },
    ]);
    console.log(`PostgreSQL: both instances' projections caught up ${catchUpMs.toFixed(0)} ms after the last commit`);
  } finally {
    for (const h of hosts) await h.close();
    for (const c of cores) await c.close();
    await database.drop();
    tmp.cleanup();
  }
}
