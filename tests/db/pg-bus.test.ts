import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../electron/core/db/store';
import type { Bus } from '../../electron/core/log/bus';
import { createEventLog } from '../../electron/core/log/event-log';
import { createPostgresBus, EVENTS_CHANNEL } from '../../electron/core/log/pg-bus';
import { describeOnPostgres, testStores } from '../support/test-stores';

const stores = testStores();

/** Resolves on the next wake-up of `bus`, or rejects after 10 s. */
const nextWake = (bus: Bus) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no wake-up within 10 s')), 10_000);
    const off = bus.onWake(() => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });

describeOnPostgres('the PostgreSQL bus between instances', () => {
  let store: Store;
  let url: string;
  const buses: Bus[] = [];
  let listener: pg.Client;
  let notifications: string[];

  beforeEach(async () => {
    store = await stores.open('postgres');
    url = stores.location('postgres');
    listener = new pg.Client({ connectionString: url });
    notifications = [];
    listener.on('notification', (n) => notifications.push(n.payload ?? ''));
    await listener.connect();
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    await listener.end();
  });

  async function bus(pollMs = 3_600_000, coalesceMs?: number): Promise<Bus> {
    const b = await createPostgresBus({ url, pollMs, coalesceMs });
    buses.push(b);
    return b;
  }
  /** A round trip on the listening connection: notifications committed before it have arrived. */
  const flush = () => listener.query('SELECT 1');

  it("wakes another instance after a commit, with one empty NOTIFY per transaction however many events it appended", async () => {
    const here = await bus();
    const there = await bus();
    const log = createEventLog(store.db, here);
    const woken = nextWake(there);
    for (let t = 0; t < 3; t++) {
      await log.transact(async (tx) => {
        for (let n = 0; n < 5; n++) await log.append(tx, { type: 'settings.changed', data: { key: `${t}.${n}` } }, n);
      });
    }
    await woken;
    await flush();
    expect(notifications).toEqual(['', '', '']);
  });

  it('sends nothing for a transaction that rolls back', async () => {
    const log = createEventLog(store.db, await bus());
    await expect(
      log.transact(async (tx) => {
        await log.append(tx, { type: 'settings.changed', data: { key: 'x' } }, 1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: 'y' } }, 2));
    await flush();
    expect(notifications).toEqual(['']);
  });

  it('listens again after its connection is killed, and wakes for what committed meanwhile', async () => {
    const there = await bus();
    const log = createEventLog(store.db, await bus());
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'frontline-listen' AND datname = current_database()`.execute(store.db);
    // Reconnecting wakes once (for whatever it missed); a commit after that wakes it through NOTIFY again.
    await nextWake(there);
    const woken = nextWake(there);
    await log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: 'after' } }, 1));
    await woken;
  });

  it('polls as a safety net: wakes without any NOTIFY', async () => {
    const there = await bus(50);
    await nextWake(there);
    expect(notifications).toEqual([]);
  });

  it('folds the wake-ups of a burst of commits into fewer, the last one after the last commit', async () => {
    const there = await bus(3_600_000, 150);
    const log = createEventLog(store.db, await bus());
    const wakes: number[] = [];
    there.onWake(() => wakes.push(performance.now()));
    for (let t = 0; t < 12; t++) await log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: `${t}` } }, t));
    const lastCommitted = performance.now();
    await flush();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(wakes.length).toBeGreaterThan(0);
    expect(wakes.length).toBeLessThan(12);
    expect(wakes.at(-1) as number).toBeGreaterThanOrEqual(lastCommitted);
  });
});
