import SqliteDatabase from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/contract/schemas/agent';
import type { WrapUp } from '../../shared/contract/schemas/wrap-up';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { openSqlite } from '../../electron/core/db/connection';
import type { BoardDelta, BoardSnapshot } from '../../shared/contract/schemas/board';
import { checkCrashedDatabase } from '../support/crash-checks';
import { boardRowProblems, checkLogAgainstTables, foldAgentRows } from '../support/log-checks';
import { connectClient, type ContractClient } from '../support/crash-client';
import { bundleServer, ServerRunner, type ServerBundle } from '../support/crash-server';
import { seededRng, Workload, type TrackedCall } from '../support/crash-workload';
import { tempDir } from '../support/temp-dir';

/**
 * Crash safety of the call and wrap-up write path, end to end: the real server process is
 * SIGKILLed at random moments while agents stream call reports, wrap-up drafts and submits
 * over the WebSocket API, then restarted on the same database. After every kill the database
 * must hold every acknowledged write, nothing the client never sent, no write in halves, and
 * the server must offer every draft again. See tests/support/crash-*.ts for the parts.
 *
 * FRONTLINE_CRASH_KILLS lowers the count for a quick local run; the default (CI) is 200.
 */
const DEFAULT_KILLS = 200; // the issue asks for at least 200
const KILLS = Number(process.env.FRONTLINE_CRASH_KILLS ?? DEFAULT_KILLS);
if (!Number.isInteger(KILLS) || KILLS < 1) throw new Error(`FRONTLINE_CRASH_KILLS must be a positive integer, not ${process.env.FRONTLINE_CRASH_KILLS}`);
const SEED = Number(process.env.FRONTLINE_CRASH_SEED ?? 20_261_123);
const AGENTS = ['7101', '7102', '7103'];
const DEMO_CUSTOMERS = 200;
/** A kill lands this long after the agents resume their work (ms): mid-request, mid-transaction, between the two. */
const KILL_AFTER_MS: [number, number] = [5, 120];
const SUPERVISOR = { name: 'Crash supervisor', extension: '7199', password: 'watching-the-kills' };

let tmp: ReturnType<typeof tempDir>;
let bundle: ServerBundle;
let seededDb: string;
let maxCustomerId: number;

beforeAll(async () => {
  tmp = tempDir('frontline-crash-');
  bundle = await bundleServer(tmp.dir);
  // First start seeds the demo CRM; every run below copies it, so no restart seeds again.
  seededDb = join(tmp.dir, 'seeded.db');
  const runner = new ServerRunner({ bundle });
  const first = await runner.start(['--port', '0', '--db', seededDb, '--demo-customers', String(DEMO_CUSTOMERS)]);
  await first.stop();
  await runner.close();
  // A supervisor watches the board through every kill.
  const conn = openSqlite(seededDb);
  await upsertSupervisor(conn.db, SUPERVISOR, Date.now());
  await conn.close();
  const db = new SqliteDatabase(seededDb, { readonly: true });
  maxCustomerId = (db.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
  db.close();
}, 120_000);

afterAll(() => tmp?.cleanup());

function freshDatabase(name: string): string {
  const file = join(tmp.dir, name);
  copyFileSync(seededDb, file);
  if (existsSync(`${seededDb}-wal`)) copyFileSync(`${seededDb}-wal`, `${file}-wal`);
  return file;
}

interface SessionResult {
  workload: Workload;
  /** Board deltas the supervisor received, over every round. */
  deltas: number;
  /** Rounds whose restarted board was held against the fold of the log. */
  boardsChecked: number;
  agentIds: Map<string, number>;
  kills: number;
  draftsChecked: number;
  submitsChecked: number;
  landedUnanswered: number;
}

async function signIn(apiUrl: string, extension: string): Promise<{ client: ContractClient; agentId: number }> {
  const client = await connectClient(apiUrl);
  const r = await client.call<{ agent: { id: number } }>('agent.signIn', { name: `Crash agent ${extension}`, extension });
  if (!r.ok) throw new Error(`sign in ${extension}: ${r.error.message}`);
  const ready = await client.call<AgentStatus>('agent.setState', { state: 'available' });
  // The desk is stored (ADR 0015): after a restart the agent resumes with the calls the kill left
  // ringing or live, and presence follows them; reports go on all the same.
  if (!ready.ok && ready.error.code !== 'CONFLICT') throw new Error(`available ${extension}: ${ready.error.message}`);
  return { client, agentId: r.value.agent.id };
}

/** A supervisor's board: the snapshot, then every delta checked to follow the one before. */
async function watchBoard(apiUrl: string) {
  const problems: string[] = [];
  let last = 0;
  let deltas = 0;
  const client = await connectClient(apiUrl, (event, payload) => {
    if (event !== 'board.delta') return;
    const delta = payload as BoardDelta;
    deltas += 1;
    if (delta.prev !== last || delta.seq <= delta.prev) problems.push(`delta ${delta.seq} follows ${delta.prev}, the board was at ${last}`);
    last = delta.seq;
  });
  const signedIn = await client.call('agent.signIn', SUPERVISOR);
  if (!signedIn.ok) throw new Error(`supervisor sign-in: ${signedIn.error.message}`);
  const r = await client.call<BoardSnapshot>('board.subscribe', {});
  if (!r.ok) throw new Error(`board.subscribe: ${r.error.message}`);
  last = r.value.seq;
  return {
    client,
    snapshot: r.value,
    problems,
    get deltas() {
      return deltas;
    },
    lastSeq: () => last,
  };
}

/** After a restart: every draft the crashed database holds is offered by wrapUp.pending, at its revision, with its notes. */
async function pendingProblems(clients: ContractClient[], expected: Map<number, { revision: number; notes: string }>): Promise<string[]> {
  const offered = new Map<number, { revision: number; notes: string }>();
  const answers = await Promise.all(clients.map((c) => c.call<{ wrapUps: WrapUp[] }>('wrapUp.pending', {})));
  for (const r of answers) {
    if (!r.ok) return [`wrapUp.pending: ${r.error.code} ${r.error.message}`];
    for (const w of r.value.wrapUps) offered.set(w.callId, { revision: w.revision, notes: w.fields.notes });
  }
  const problems: string[] = [];
  for (const [callId, draft] of expected) {
    const got = offered.get(callId);
    if (got === undefined) problems.push(`draft of call ${callId} (revision ${draft.revision}) not offered by wrapUp.pending after the restart`);
    else if (got.revision !== draft.revision || got.notes !== draft.notes) problems.push(`call ${callId}: pending offers revision ${got.revision}, stored ${draft.revision}`);
  }
  for (const callId of offered.keys()) if (!expected.has(callId)) problems.push(`wrapUp.pending offers call ${callId}, which is not a stored draft`);
  return problems;
}

/**
 * Start, stream, SIGKILL, check; `kills` times. Then one last round that stops the agents and
 * the server gracefully (once `enough` says so) and checks again. Fails at the first round
 * whose database breaks a promise, naming the round and the seed.
 */
async function crashSession(dbFile: string, kills: number, seed: number, enough: (w: Workload) => boolean = () => true): Promise<SessionResult> {
  const workload = new Workload(seededRng(seed), maxCustomerId);
  const delays = seededRng(seed ^ 0x5eed);
  const runner = new ServerRunner({ bundle });
  const agentIds = new Map<string, number>();
  const result: SessionResult = { workload, agentIds, kills: 0, draftsChecked: 0, submitsChecked: 0, landedUnanswered: 0, deltas: 0, boardsChecked: 0 };
  let drafts: Map<number, { revision: number; notes: string }> | null = null;
  /** The highest board seq seen so far: after a restart the board never goes back or repeats. */
  let highestSeq = 0;
  try {
    for (let round = 0; round <= kills; round += 1) {
      const last = round === kills;
      const server = await runner.start(['--port', '0', '--db', dbFile]);
      const where = (what: string) =>
        `${what} ${last ? 'after the final clean stop' : `after kill ${round + 1}/${kills}`} (FRONTLINE_CRASH_SEED=${seed})\nserver output: ${server.output().slice(-2_000)}`;
      // The restarted board, rebuilt from the stored state, before anyone resumes work.
      const board = await watchBoard(server.apiUrl);
      expect(board.snapshot.seq, where('board seq after the restart (it went back)')).toBeGreaterThanOrEqual(highestSeq);
      if (agentIds.size > 0) {
        expect(boardRowProblems(board.snapshot.state, foldAgentRows(dbFile), [...agentIds.values()]), where('board rows against the fold of the log')).toEqual([]);
        result.boardsChecked += 1;
      }
      const sessions = await Promise.all(AGENTS.map((ext) => signIn(server.apiUrl, ext)));
      sessions.forEach((s, i) => agentIds.set(AGENTS[i] as string, s.agentId));
      const clients = sessions.map((s) => s.client);

      if (drafts !== null) {
        const label = `drafts offered by wrapUp.pending after kill ${round}/${kills} and a restart (FRONTLINE_CRASH_SEED=${seed})`;
        expect(await pendingProblems(clients, drafts), label).toEqual([]);
      }

      let stop = false;
      const runs = Promise.all(AGENTS.map((ext, i) => workload.run(clients[i] as ContractClient, ext, () => stop)));
      let settled = false;
      void runs.then(
        () => (settled = true),
        () => (settled = true), // awaited below: an error answer fails the round there
      );
      await sleep(delays.int(...KILL_AFTER_MS));
      if (!last) {
        await server.kill();
        result.kills += 1;
        await runs;
      } else {
        while (!enough(workload) && !settled) await sleep(10);
        // The delta chain is only proven if deltas came: the board flushes on a timer and a short last
        // round can end before it, so the floor keeps working (10 s at most) until one has arrived.
        for (const until = Date.now() + 10_000; board.deltas === 0 && !settled && Date.now() < until; ) await sleep(20);
        stop = true;
        await runs;
        await server.stop();
      }
      clients.forEach((c) => c.close());
      board.client.close();
      expect(board.problems, where('board deltas')).toEqual([]);
      highestSeq = Math.max(highestSeq, board.lastSeq());
      result.deltas += board.deltas;

      expect(workload.problems, where('answers from the server')).toEqual([]);
      expect(checkLogAgainstTables(dbFile), where('event log against the tables')).toEqual([]);
      const check = checkCrashedDatabase(dbFile, agentIds, workload.calls);
      expect(check.problems, where('database state')).toEqual([]);
      result.draftsChecked += check.draftsChecked;
      result.submitsChecked += check.submitsChecked;
      result.landedUnanswered += workload.calls.filter((c) => c.landed === true).length;
      drafts = check.drafts;
    }
  } finally {
    await runner.close();
  }
  return result;
}

const acknowledgedSubmit = (c: TrackedCall) => c.steps.slice(0, c.acked).some((s) => s.kind === 'submit');
const acknowledgedDraftOnly = (c: TrackedCall) =>
  c.acked === c.steps.length && !c.steps.some((s) => s.kind === 'submit') && c.steps.some((s) => s.kind === 'draft');
const acknowledgedEnd = (c: TrackedCall) => c.steps.slice(0, c.acked).some((s) => s.kind === 'report' && s.event.type === 'ended');

describe('crash safety of the call and wrap-up write path (server SIGKILLed at random points)', () => {
  it(
    `keeps every acknowledged call event, draft and submitted wrap-up, never stores half a write, and offers every draft again, across ${KILLS} kills`,
    async () => {
      const started = performance.now();
      const r = await crashSession(freshDatabase('crash.db'), KILLS, SEED);
      const s = r.workload.stats;
      console.log(
        `crash safety: ${r.kills} kills, ${s.calls} calls, ${s.ackedSubmits} acknowledged submits, ${s.ackedDrafts} acknowledged drafts, ` +
          `${r.submitsChecked + r.draftsChecked} wrap-up checks after kills (${r.draftsChecked} of drafts), ` +
          `${s.replays} requests re-sent (${r.landedUnanswered} had landed without an answer), ` +
          `${r.deltas} board deltas in order across the kills, ${r.boardsChecked} restarted boards equal to the fold of the log, ` +
          `seed ${SEED}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(r.kills).toBe(KILLS);
      // The kills did land between a write and its answer, and the workload reached submits and drafts.
      expect(s.replays).toBeGreaterThan(0);
      expect(s.ackedSubmits).toBeGreaterThan(0);
      expect(r.draftsChecked).toBeGreaterThan(0);
      expect(r.boardsChecked).toBe(KILLS);
      expect(r.deltas).toBeGreaterThan(0);
    },
    900_000,
  );

  it('fails on a lost submitted wrap-up, a rolled-back draft, a half-written call end or a lost answer (the checks can fail)', async () => {
    const dbFile = freshDatabase('sanity.db');
    const r = await crashSession(dbFile, 3, SEED + 1, (w) => w.calls.some(acknowledgedSubmit) && w.calls.some(acknowledgedDraftOnly));
    const ids = r.agentIds;
    expect(checkCrashedDatabase(dbFile, ids, r.workload.calls).problems).toEqual([]);

    const submitted = r.workload.calls.find(acknowledgedSubmit) as TrackedCall;
    const draft = r.workload.calls.find(acknowledgedDraftOnly) as TrackedCall;
    const ended = r.workload.calls.find((c) => acknowledgedEnd(c) && c !== submitted) as TrackedCall;
    const answered = r.workload.calls.find((c) => c.steps.slice(0, c.acked).some((s) => s.kind === 'report' && s.event.type === 'answered')) as TrackedCall;
    const tampered = (name: string, sql: string, ...params: unknown[]): string[] => {
      const file = join(tmp.dir, `${name}.db`);
      copyFileSync(dbFile, file);
      const db = new SqliteDatabase(file);
      db.prepare(sql).run(...params);
      db.close();
      return checkCrashedDatabase(file, ids, r.workload.calls).problems;
    };
    expect(tampered('lost-submit', 'DELETE FROM wrap_ups WHERE call_id = ?', submitted.callId).join('\n')).toContain(submitted.key);
    expect(tampered('unsubmitted', 'UPDATE wrap_ups SET draft = 1, submitted_at = NULL WHERE call_id = ?', submitted.callId).join('\n')).toContain(submitted.key);
    expect(tampered('old-draft', 'UPDATE wrap_ups SET revision = revision - 1 WHERE call_id = ?', draft.callId).join('\n')).toContain(draft.key);
    expect(tampered('half-end', "DELETE FROM call_events WHERE call_id = ? AND type = 'ended'", ended.callId).join('\n')).toMatch(/ended_at \d+ but ended events \[\]/);
    expect(tampered('lost-answer', 'UPDATE calls SET answered_at = NULL WHERE id = ?', answered.callId).join('\n')).toContain(answered.key);
    const tamperedLog = (name: string, sql: string): string[] => {
      const file = join(tmp.dir, `${name}.db`);
      copyFileSync(dbFile, file);
      const db = new SqliteDatabase(file);
      db.prepare(sql).run();
      db.close();
      return checkLogAgainstTables(file);
    };
    expect(checkLogAgainstTables(dbFile)).toEqual([]);
    expect(tamperedLog('lost-event', "DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE type = 'presence.changed')").join('\n')).toMatch(/presence change: .* not in the log/);
    expect(
      tamperedLog('double-event', "INSERT INTO events (at, type, agent_id, call_id, data) SELECT at, type, agent_id, call_id, data FROM events WHERE type = 'call.reported' LIMIT 1").join('\n'),
    ).toMatch(/call report: .* in the log 1× more/);
    expect(tampered('half-submit', "DELETE FROM call_events WHERE call_id = ? AND type = 'wrap-up-submitted'", submitted.callId).join('\n')).toMatch(/wrap-up-submitted events \[\]/);
  }, 120_000);
});
