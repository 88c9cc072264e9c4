import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { openPostgresStore } from '../../electron/core/db/store';
import { seedPostgresOnFirstRun } from '../../electron/core/seed/first-run-postgres';
import { connectClient, type ContractClient } from '../support/crash-client';
import { bundleServer, ServerRunner, type RunningServer } from '../support/crash-server';
import { describeOnPostgres, freshPostgresDatabase } from '../support/test-stores';
import { tempDir } from '../support/temp-dir';

/**
 * Presence after an instance is SIGKILLed (ADR 0069): three real server processes on one
 * PostgreSQL. Two desks are on the doomed instance: one resumes on a survivor, one never comes
 * back (a closed laptop). The survivors notice the silence (five missed beats, 10 s), and one of
 * them gives the lost desk the disconnect grace it would have had on a single server: Disconnected,
 * then Offline — once in the log, though two survivors looked. The desk that resumed stays Available.
 */
const SUPERVISOR = { name: 'Presence supervisor', extension: '7399', password: 'watching-presence' };
const GRACE_S = 2;

let tmp: ReturnType<typeof tempDir>;
let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null;
const runners: ServerRunner[] = [];
const clients: ContractClient[] = [];

describeOnPostgres('an instance killed with desks on it', () => {
  beforeAll(async () => {
    tmp = tempDir('frontline-team-presence-');
    database = await freshPostgresDatabase();
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(runners.map((r) => r.close()));
    await database?.drop();
    tmp?.cleanup();
  });

  it('puts its desk that never comes back Disconnected then Offline once, on one survivor, and leaves the desk that resumed elsewhere Available', async () => {
    const url = (database as { url: string }).url;
    const bundle = await bundleServer(tmp.dir);
    await seedPostgresOnFirstRun(url, 20, () => undefined);
    const store = openPostgresStore(url, { maxConnections: 1 });
    const sessions = { disconnectGraceS: GRACE_S, offlineAfterDisconnectS: GRACE_S, idleExpiryMinutes: 60 };
    await store.db.insertInto('settings').values([
      { key: 'demoLine', value: 'false', updated_at: Date.now() },
      { key: 'sessions', value: JSON.stringify(sessions), updated_at: Date.now() },
    ]).execute();
    await upsertSupervisor(store.db, SUPERVISOR, Date.now());
    await store.close();
    const start = (): Promise<RunningServer> => {
      const runner = new ServerRunner({ bundle });
      runners.push(runner);
      return runner.start(['--port', '0', '--db', url]);
    };
    const [doomed, survivor, other] = await Promise.all([start(), start(), start()]);
    const connect = async (server: RunningServer) => {
      const client = await connectClient(server.apiUrl);
      clients.push(client);
      return client;
    };
    const boss = await connect(other!);
    expect((await boss.call('agent.signIn', SUPERVISOR)).ok).toBe(true);
    const desk = async (extension: string) => {
      const name = `Presence agent ${extension}`;
      const account = await boss.call<{ password: string }>('agents.create', { name, extension, queueIds: [] });
      if (!account.ok) throw new Error(account.error.message);
      const client = await connect(doomed!);
      const r = await client.call<{ agent: { id: number }; session: { token: string } }>('agent.signIn', { name, extension, password: account.value.password });
      if (!r.ok) throw new Error(r.error.message);
      expect((await client.call('agent.setState', { state: 'available' })).ok).toBe(true);
      return r.value;
    };
    const gone = await desk('7301');
    const back = await desk('7302');

    await doomed!.kill();
    const resumed = await connect(survivor!);
    expect((await resumed.call('agent.resume', { token: back.session.token })).ok).toBe(true);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const changes = async (agentId: number) =>
        (await db.query<{ state: string }>('SELECT state FROM agent_state_changes WHERE agent_id = $1 ORDER BY id', [agentId])).rows.map((r) => r.state);
      await expect.poll(async () => (await changes(gone.agent.id)).at(-1), { timeout: 40_000, interval: 200 }).toBe('offline');
      expect(await changes(gone.agent.id)).toEqual(['break', 'available', 'disconnected', 'offline']);
      // Nothing left to run: the dead instance is claimed, and by the next beat no grace is pending anywhere.
      await expect.poll(async () => (await db.query('SELECT agent_id FROM team_connections WHERE lost_at IS NOT NULL')).rows, { timeout: 10_000, interval: 200 }).toEqual([]);
      expect((await db.query('SELECT id FROM team_instances')).rows).toHaveLength(2);
      const resumedChanges = await changes(back.agent.id);
      expect(resumedChanges).not.toContain('disconnected');
      expect(resumedChanges.at(-1)).toBe('available');
    } finally {
      await db.end();
    }
  }, 120_000);
});
