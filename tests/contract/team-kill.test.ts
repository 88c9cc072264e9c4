import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BoardSnapshot } from '../../shared/contract/schemas/board';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { openPostgresStore } from '../../electron/core/db/store';
import { fields } from '../support/call-reports';
import { connectClient, Unanswered, type ContractClient } from '../support/crash-client';
import { bundleServer, ServerRunner, type RunningServer } from '../support/crash-server';
import { boardRowProblems, foldAgentEvents, type EventRow } from '../support/log-checks';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';
import { tempDir } from '../support/temp-dir';

/**
 * Team mode end to end (issue 14): three real server processes on one PostgreSQL database, agents
 * (bare WebSocket contract clients) spread over them, a supervisor's board on a fourth connection.
 * A compressed busy spell runs; one instance is SIGKILLed in the middle. Its agents reconnect to
 * the others and resume their sessions within 5 s and finish their calls (replaying an unanswered
 * step with its event id). Afterwards: the event ids run 1..N without a gap, every call's events
 * are exactly its steps once each, and the board equals a fold of the log.
 */
const AGENTS_PER_INSTANCE = 3;
const BUSY_MS = 6_000;
const KILL_AT_MS = 2_500;
const SUPERVISOR = { name: 'Team supervisor', extension: '7299', password: 'watching-the-team' };
const STEPS = ['offered', 'answered', 'ended'] as const;

let tmp: ReturnType<typeof tempDir>;
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null;
const runners: ServerRunner[] = [];

describeOnPostgres('three server instances on one PostgreSQL, one killed mid-spell', () => {
  beforeAll(async () => {
    tmp = tempDir('frontline-team-');
    database = await freshPostgresDatabase();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.close()));
    await database?.drop();
    tmp?.cleanup();
  });

  it('its agents resume on another instance within 5 s; no event missing or doubled; the board equals the fold of the log', async () => {
    const url = (database as { url: string }).url;
    const bundle = await bundleServer(tmp.dir);
    const start = async (): Promise<RunningServer> => {
      const runner = new ServerRunner({ bundle });
      runners.push(runner);
      return runner.start(['--port', '0', '--db', url, '--demo-customers', '50']);
    };
    // The first start seeds the team's database; the other two join it.
    const first = await start();
    const servers = [first, ...(await Promise.all([start(), start()]))];
    const store = openPostgresStore(url, { maxConnections: 1 });
    await upsertSupervisor(store.db, SUPERVISOR, Date.now());

    // The supervisor watches from the last instance (never killed).
    const boardClient = await connectClient(servers[2]!.apiUrl);
    expect((await boardClient.call('agent.signIn', SUPERVISOR)).ok).toBe(true);
    expect((await boardClient.call('board.subscribe', {})).ok).toBe(true);

    interface Sent { method: string; params: unknown }
    interface Desk {
      extension: string; instance: number; client: ContractClient; token: string; agentId: number;
      calls: { key: string; callId: number | null }[];
      resumedAfterMs: number | null;
      /** Calls this desk finished (reported and submitted) after it resumed elsewhere. */
      finishedAfterResume: number;
      /** The last report and the last submit the killed instance answered: replayed as if their answers were lost. */
      lastAnswered: Map<string, Sent>;
      replays: number;
      timing?: string;
    }
    const desks: Desk[] = [];
    for (let instance = 0; instance < 3; instance++) {
      for (let i = 0; i < AGENTS_PER_INSTANCE; i++) {
        const extension = `72${instance}${i}`;
        const client = await connectClient(servers[instance]!.apiUrl);
        const r = await client.call<{ agent: { id: number }; session: { token: string } }>('agent.signIn', { name: `Team agent ${extension}`, extension });
        if (!r.ok) throw new Error(`sign-in ${extension}: ${r.error.message}`);
        expect((await client.call('agent.setState', { state: 'available' })).ok).toBe(true);
        desks.push({ extension, instance, client, token: r.value.session.token, agentId: r.value.agent.id, calls: [], resumedAfterMs: null, finishedAfterResume: 0, lastAnswered: new Map(), replays: 0 });
      }
    }

    const t0 = Date.now();
    let killedAt = 0;
    const answer = <T>(desk: Desk, method: string, r: Awaited<ReturnType<ContractClient['call']>>): T => {
      if (!r.ok) throw new Error(`${desk.extension} ${method}: ${r.error.message}`);
      return r.value as T;
    };
    /**
     * Reconnect to a surviving instance and resume the session there; then send again what the dead
     * instance last answered (a report and a submit), as a desk does when the answer may have been
     * lost between commit and reply. Each must be recognised and change nothing.
     */
    const failOver = async (desk: Desk): Promise<void> => {
      const lostAt = Date.now();
      desk.client = await connectClient(servers[1 + (Number(desk.extension.slice(-1)) % 2)]!.apiUrl);
      const connectedAt = Date.now();
      answer(desk, 'agent.resume', await desk.client.call('agent.resume', { token: desk.token }));
      desk.resumedAfterMs = Date.now() - Math.min(lostAt, killedAt || lostAt);
      desk.timing = `${lostAt - killedAt}+${connectedAt - lostAt}+${Date.now() - connectedAt}`;
      for (const { method, params } of desk.lastAnswered.values()) {
        const again = answer<{ applied?: boolean; wrapUp?: { submitted: boolean } }>(desk, method, await desk.client.call(method, params));
        if (method === 'calls.report') expect(again.applied, `${desk.extension} replayed report applied`).toBe(false);
        else expect(again.wrapUp?.submitted, `${desk.extension} replayed submit`).toBe(true);
        desk.replays += 1;
      }
    };
    /** One request; sent again (same event id / request id) on another instance if this desk's instance died before answering. */
    const send = async <T>(desk: Desk, method: string, params: unknown): Promise<T> => {
      for (;;) {
        try {
          const value = answer<T>(desk, method, await desk.client.call<T>(method, params));
          if (desk.resumedAfterMs === null) desk.lastAnswered.set(method, { method, params });
          return value;
        } catch (error) {
          if (!(error instanceof Unanswered)) throw error;
          await failOver(desk);
        }
      }
    };
    const work = async (desk: Desk): Promise<void> => {
      // The busy spell, and on the killed instance's desks at least one whole call after resuming.
      for (let n = 1; Date.now() - t0 < BUSY_MS || (desk.instance === 0 && desk.finishedAfterResume === 0); n++) {
        const key = `team-${desk.extension}-${n}`;
        const call = { key, callId: null as number | null };
        desk.calls.push(call);
        const resumedBefore = desk.resumedAfterMs !== null;
        for (const type of STEPS) {
          const event = type === 'offered'
            ? { type, direction: 'inbound', callerE164: '+442079460001', withheld: false, callerDisplay: null, queue: 'Support', waitedMs: 1000, queueCallId: null, sipCallId: null, customerId: null }
            : type === 'ended' ? { type, reason: 'remote-hangup' } : { type };
          const r = await send<{ callId: number }>(desk, 'calls.report', { callKey: key, eventId: `${key}-${type}`, at: Date.now(), event });
          call.callId = r.callId;
        }
        await send(desk, 'wrapUp.submit', { callId: call.callId, fields: fields({ notes: `call ${key}` }), requestId: `${key}-submit` });
        if (resumedBefore) desk.finishedAfterResume += 1;
      }
    };
    const killer = (async () => {
      await sleep(KILL_AT_MS);
      // Mid-spell, once every desk on the doomed instance has had a submit answered (a slow machine is slower to get there).
      while (desks.some((d) => d.instance === 0 && !d.lastAnswered.has('wrapUp.submit'))) await sleep(20);
      killedAt = Date.now();
      await servers[0]!.kill();
    })();
    await Promise.all([killer, ...desks.map(work)]);

    // Every desk of the killed instance resumed elsewhere within 5 s.
    for (const d of desks.filter((x) => x.instance === 0)) {
      expect(d.resumedAfterMs, `${d.extension} resumed`).not.toBeNull();
      expect(d.resumedAfterMs!, `${d.extension} resumed within 5 s (${d.timing})`).toBeLessThan(5_000);
      expect(d.finishedAfterResume, `${d.extension} finished calls after resuming`).toBeGreaterThan(0);
      expect(d.replays, `${d.extension} replayed its last answered report and submit`).toBe(2);
    }

    // The log: ids 1..N without a gap; each call's events are exactly its steps, once each.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<EventRow>('SELECT id::int AS id, at::float8 AS at, type, agent_id::int AS agent_id, call_id::int AS call_id, data FROM events ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
      for (const d of desks) {
        for (const c of d.calls) {
          const kinds = rows.filter((r) => r.call_id === c.callId && r.type === 'call.reported').map((r) => (JSON.parse(r.data) as { event: { type: string } }).event.type);
          expect(kinds, `${c.key}'s reported events`).toEqual([...STEPS]);
          expect(rows.filter((r) => r.call_id === c.callId && r.type === 'wrapUp.submitted').length, `${c.key} submitted once`).toBe(1);
        }
      }
      const total = desks.reduce((n, d) => n + d.calls.length, 0);
      // Nothing beyond the script: one report event per step and one submit per call, in all.
      expect(rows.filter((r) => r.type === 'call.reported').length).toBe(total * STEPS.length);
      expect(rows.filter((r) => r.type === 'wrapUp.submitted').length).toBe(total);
      // The board, freshly asked on the supervisor's instance once it has caught up, equals the fold of the log.
      const folded = foldAgentEvents(rows);
      await expect
        .poll(async () => {
          const snapshot = await boardClient.call<BoardSnapshot>('board.subscribe', {});
          if (!snapshot.ok) throw new Error(snapshot.error.message);
          return boardRowProblems(snapshot.value.state, folded, desks.map((d) => d.agentId));
        }, { timeout: 15_000, interval: 250 })
        .toEqual([]);
      console.log(`team kill: ${total} calls, ${rows.length} events, resumed after ${desks.filter((d) => d.instance === 0).map((d) => `${d.resumedAfterMs} (${d.timing})`).join('/')} ms`);
      expect(total).toBeGreaterThan(desks.length);
    } finally {
      await db.end();
      for (const d of desks) d.client.close();
      boardClient.close();
      await store.close();
    }
  }, 90_000);
});
