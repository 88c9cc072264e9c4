import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import type { Store } from '../../electron/core/db/store';
import { createLocalBus, type Bus } from '../../electron/core/log/bus';
import { createEventLog } from '../../electron/core/log/event-log';
import { createPostgresBus } from '../../electron/core/log/pg-bus';
import { createProjectionRunner, type ProjectionRunner } from '../../electron/core/log/projection-runner';
import { sharedCachesProjection } from '../../electron/core/log/shared-caches';
import { describeOnEachStore, testStores, type StoreKind } from '../support/test-stores';

const stores = testStores();
const SUPERVISOR = { name: 'Cli Supervisor', extension: '9101', password: 'cli-password-1' };

const agentEvents = (store: Store) =>
  store.db.selectFrom('events').select(['agent_id', 'data']).where('type', '=', 'agents.changed').orderBy('id').execute();

describeOnEachStore('the supervisor command line changes accounts like every other account change', (kind: StoreKind) => {
  let store: Store;
  let bus: Bus;
  let runner: ProjectionRunner;
  let changed: number[];

  beforeEach(async () => {
    store = await stores.open(kind);
    // A running instance on the same database: its shared caches are told which agent's account changed.
    bus = kind === 'postgres' ? await createPostgresBus({ url: stores.location(kind), pollMs: 3_600_000 }) : createLocalBus();
    const log = createEventLog(store.db, bus);
    changed = [];
    const noop = { invalidate: () => undefined };
    runner = createProjectionRunner(log, bus, [sharedCachesProjection({ slaTargets: noop, routingPolicies: noop, agentChanged: (id) => void changed.push(id) })], (e) => {
      throw e;
    });
    runner.startAt(await log.head());
  });
  afterEach(async () => {
    // No more wake-ups, then let a drain a NOTIFY started finish before the store closes.
    await bus.close();
    await runner.settled();
    runner.stop();
  });

  it('appends agents.changed for a new supervisor, in the commit that creates the account', async () => {
    const id = await upsertSupervisor(stores.another(kind).db, SUPERVISOR, 1_000);
    expect((await agentEvents(store)).map((e) => [e.agent_id, JSON.parse(e.data)])).toEqual([[id, { change: 'created' }]]);
  });

  it('appends agents.changed "updated" when an existing agent is promoted', async () => {
    const agent = await store.db
      .insertInto('agents')
      .values({ name: 'Ann Agent', extension: SUPERVISOR.extension, role: 'agent', team_id: null, created_at: 1, password_hash: null, demo_credential: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Under another name: renaming is said explicitly (ADR 0070).
    const id = await upsertSupervisor(stores.another(kind).db, { ...SUPERVISOR, rename: true }, 2_000);
    expect(id).toBe(agent.id);
    expect((await agentEvents(store)).map((e) => [e.agent_id, JSON.parse(e.data)])).toEqual([[agent.id, { change: 'updated' }]]);
  });

  it("reaches a running instance's cached agent directory (PostgreSQL: woken by the commit; SQLite: at its next wake-up)", async () => {
    const id = await upsertSupervisor(stores.another(kind).db, SUPERVISOR, 3_000);
    if (kind === 'postgres') {
      await expect.poll(() => changed, { timeout: 10_000 }).toEqual([id]);
    } else {
      bus.notify();
      await runner.settled();
      expect(changed).toEqual([id]);
    }
  });

  it('changes nothing when its event cannot be appended (one transaction)', async () => {
    // The log refuses every append: the account must not be written without its event.
    if (kind === 'sqlite') {
      await sql`CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(store.db);
    } else {
      await sql`CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`.execute(store.db);
      await sql`CREATE TRIGGER refuse_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_events()`.execute(store.db);
    }
    try {
      await expect(upsertSupervisor(stores.another(kind).db, SUPERVISOR, 4_000)).rejects.toThrow(/refused/);
      expect(await store.db.selectFrom('agents').select('id').where('extension', '=', SUPERVISOR.extension).execute()).toEqual([]);
    } finally {
      await sql`DROP TRIGGER refuse_events ${sql.raw(kind === 'postgres' ? 'ON events' : '')}`.execute(store.db);
      if (kind === 'postgres') await sql`DROP FUNCTION refuse_events()`.execute(store.db);
    }
  });

  const addAgent = (name: string) =>
    store.db
      .insertInto('agents')
      .values({ name, extension: SUPERVISOR.extension, role: 'agent', team_id: null, created_at: 1, password_hash: null, demo_credential: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
  const account = (id: number) => store.db.selectFrom('agents').select(['name', 'role', 'password_hash']).where('id', '=', id).executeTakeFirstOrThrow();

  it('refuses an extension outside the rule every agent extension follows ("../../x"), creating nothing', async () => {
    for (const extension of ['../../x', 'a b', 'sip:1@x', '']) {
      await expect(upsertSupervisor(store.db, { ...SUPERVISOR, extension }, 5_000)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('letters, digits, dot, dash or underscore') });
    }
    expect(await store.db.selectFrom('agents').select('id').execute()).toEqual([]);
  });

  it("refuses to promote an existing agent under another name unless told to rename, changing nothing (not even the password)", async () => {
    const agent = await addAgent('Ann Agent');
    await expect(upsertSupervisor(store.db, SUPERVISOR, 6_000)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/belongs to "Ann Agent", not "Cli Supervisor".*--rename/) });
    expect(await account(agent.id)).toEqual({ name: 'Ann Agent', role: 'agent', password_hash: null });
    expect(await agentEvents(store)).toEqual([]);
  });

  it('promotes an existing agent given their own name, and renames them when told to', async () => {
    const agent = await addAgent('Ann Agent');
    expect(await upsertSupervisor(store.db, { ...SUPERVISOR, name: 'Ann Agent' }, 7_000)).toBe(agent.id);
    expect(await account(agent.id)).toMatchObject({ name: 'Ann Agent', role: 'supervisor' });
    expect(await upsertSupervisor(store.db, { ...SUPERVISOR, name: 'Ann Boss', rename: true }, 8_000)).toBe(agent.id);
    expect((await account(agent.id)).name).toBe('Ann Boss');
  });

  it('refuses a name over 80 characters, stating the limit, rather than storing it', async () => {
    await expect(upsertSupervisor(store.db, { ...SUPERVISOR, name: 'N'.repeat(500) }, 9_000)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('at most 80 characters') });
    expect(await store.db.selectFrom('agents').select('id').execute()).toEqual([]);
  });
});
