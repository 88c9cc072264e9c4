import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../electron/core/db/migrate';
import { openSqliteStore, type SqliteStore } from '../../electron/core/db/store';
import { createLocalBus } from '../../electron/core/log/bus';
import { createEventLog, type EventLog } from '../../electron/core/log/event-log';
import type { StoredEvent } from '../../electron/core/log/log-event';
import { createProjectionRunner } from '../../electron/core/log/projection-runner';

let dir: string;
let store: SqliteStore;
let other: SqliteStore;
let log: EventLog;
let seen: StoredEvent[];
let runner: ReturnType<typeof createProjectionRunner>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-log-'));
  store = openSqliteStore(join(dir, 'log.db'));
  await migrateToLatest(store.db);
  // A second connection to the same file: another process writing the same log.
  other = openSqliteStore(join(dir, 'log.db'));
  const bus = createLocalBus();
  log = createEventLog(store.db, bus);
  seen = [];
  runner = createProjectionRunner(log, bus, [{ name: 'recorder', apply: (e) => void seen.push(e) }], (e) => {
    throw e;
  });
});
afterEach(async () => {
  runner.stop();
  await other.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const appendHere = (type: string, n: number) => log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { type, n } } as never, 1000 + n));
const appendElsewhere = (n: number) =>
  other.raw.prepare("INSERT INTO events (at, type, agent_id, call_id, data) VALUES (?, 'settings.changed', NULL, NULL, ?)").run(2000 + n, JSON.stringify({ type: 'elsewhere', n }));

describe('the event log as projections read it', () => {
  it('hands over the events this process committed, in order and exactly as the log stores them', async () => {
    for (let n = 1; n <= 5; n++) await appendHere('here', n);
    await runner.settled();
    const stored = await other.db.selectFrom('events').select(['id', 'data']).orderBy('id').execute();
    expect(seen.map((e) => [e.id, e.data])).toEqual(stored.map((r) => [r.id, JSON.parse(r.data)]));
  });

  it("misses no event another writer committed between this process's own, whatever the order of wake-ups", async () => {
    await appendHere('here', 1);
    appendElsewhere(2);
    appendElsewhere(3);
    await appendHere('here', 4); // its wake-up finds a gap before it: the log is read
    appendElsewhere(5);
    await runner.settled(); // no wake-up came for the last one: settling asks the log's head
    expect(seen.map((e) => (e.data as unknown as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never hands over what a rolled-back transaction appended', async () => {
    await appendHere('here', 1);
    await expect(
      log.transact(async (tx) => {
        await log.append(tx, { type: 'settings.changed', data: { n: 2 } } as never, 1002);
        throw new Error('the change failed after appending');
      }),
    ).rejects.toThrow('the change failed');
    await appendHere('here', 3);
    await runner.settled();
    expect(seen.map((e) => (e.data as unknown as { n: number }).n)).toEqual([1, 3]);
  });
});
