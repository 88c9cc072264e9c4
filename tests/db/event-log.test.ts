import { Socket } from 'node:net';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Store } from '../../electron/core/db/store';
import { createLocalBus } from '../../electron/core/log/bus';
import { createEventLog, type EventLog } from '../../electron/core/log/event-log';
import type { StoredEvent } from '../../electron/core/log/log-event';
import { createProjectionRunner } from '../../electron/core/log/projection-runner';
import { describeOnEachStore, describeOnPostgres, testStores } from '../support/test-stores';

const stores = testStores();

describeOnEachStore('the event log as projections read it', (kind) => {
  let store: Store;
  let log: EventLog;
  let elsewhere: EventLog;
  let seen: StoredEvent[];
  let runner: ReturnType<typeof createProjectionRunner>;

  beforeEach(async () => {
    store = await stores.open(kind);
    // A second connection to the same database with a bus of its own: another process writing the same log.
    elsewhere = createEventLog(stores.another(kind).db, createLocalBus());
    const bus = createLocalBus();
    log = createEventLog(store.db, bus);
    seen = [];
    runner = createProjectionRunner(log, bus, [{ name: 'recorder', apply: (e) => void seen.push(e) }], (e) => {
      throw e;
    });
  });
  afterEach(() => runner.stop());

  const appendHere = (type: string, n: number) => log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { type, n } } as never, 1000 + n));
  const appendElsewhere = (n: number) => elsewhere.transact((tx) => elsewhere.append(tx, { type: 'settings.changed', data: { type: 'elsewhere', n } } as never, 2000 + n));

  it('hands over the events this process committed, in order and exactly as the log stores them', async () => {
    for (let n = 1; n <= 5; n++) await appendHere('here', n);
    await runner.settled();
    const stored = await store.db.selectFrom('events').select(['id', 'data']).orderBy('id').execute();
    expect(seen.map((e) => [e.id, e.data])).toEqual(stored.map((r) => [r.id, JSON.parse(r.data)]));
    expect(seen.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("stopping waits for the batch being applied to end its work, so what that work asks (today's worker) is still there; nothing after it is applied", async () => {
    const batchEnds: number[] = [];
    let finishBatch: (() => void) | null = null;
    const slow = createProjectionRunner(
      log,
      createLocalBus(),
      [{ name: 'slow batch end', apply: () => undefined, afterBatch: (id) => new Promise<void>((resolve) => (finishBatch = () => (batchEnds.push(id), resolve()))) }],
      (e) => {
        throw e;
      },
    );
    await appendHere('here', 1);
    void slow.wake();
    await vi.waitFor(() => expect(finishBatch).not.toBeNull());
    let stopped = false;
    const stopping = slow.stop().then(() => (stopped = true));
    await appendHere('here', 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    (finishBatch as unknown as () => void)();
    await stopping;
    expect(batchEnds).toEqual([1]);
    void slow.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(batchEnds).toEqual([1]);
  });

  it("misses no event another writer committed between this process's own, whatever the order of wake-ups", async () => {
    await appendHere('here', 1);
    await appendElsewhere(2);
    await appendElsewhere(3);
    await appendHere('here', 4); // its wake-up finds a gap before it: the log is read
    await appendElsewhere(5);
    await runner.settled(); // no wake-up came for the last one: settling asks the log's head
    expect(seen.map((e) => (e.data as unknown as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never hands over what a rolled-back transaction appended, and leaves no gap in the ids', async () => {
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
    expect(seen.map((e) => e.id)).toEqual([1, 2]);
  });
});

describeOnPostgres('the event log shared by several instances', () => {
  let log: EventLog;
  let elsewhere: EventLog;
  const kind = 'postgres';

  beforeEach(async () => {
    log = createEventLog((await stores.open(kind)).db, createLocalBus());
    elsewhere = createEventLog(stores.another(kind).db, createLocalBus());
  });

  it('gives concurrent writers on separate connections gap-free ids in commit order, and a reader polling meanwhile skips none', async () => {
    const writers = [log, elsewhere, createEventLog(stores.another('postgres').db, createLocalBus()), createEventLog(stores.another('postgres').db, createLocalBus())];
    const PER_WRITER = 40;
    let done = false;
    const observed: number[] = [];
    const reader = (async () => {
      const readerLog = createEventLog(stores.another('postgres').db, createLocalBus());
      let cursor = 0;
      const readOn = async () => {
        for (const e of await readerLog.after(cursor, 1000)) {
          observed.push(e.id);
          cursor = e.id;
        }
      };
      while (!done) await readOn();
      await readOn();
    })();
    await Promise.all(
      writers.map(async (w, i) => {
        for (let n = 0; n < PER_WRITER; n++) {
          await w.transact(async (tx) => {
            await w.append(tx, { type: 'settings.changed', data: { writer: i, n } } as never, n);
            await w.append(tx, { type: 'settings.changed', data: { writer: i, n, second: true } } as never, n);
          });
        }
      }),
    );
    done = true;
    await reader;
    const total = writers.length * PER_WRITER * 2;
    // Each read continued from the last id it saw: had a later id become visible before an earlier one, the earlier would be missing here.
    expect(observed).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('numbers events when their transaction commits: one that appended later but commits first gets the earlier id, and never waits for the open one', async () => {
    let releaseFirst = () => undefined as void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAppended = () => undefined as void;
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));
    const first = log.transact(async (tx) => {
      await log.append(tx, { type: 'settings.changed', data: { key: 'first' } }, 1);
      firstAppended();
      await firstHolds;
    });
    await appended;
    // The first transaction is still open (its event appended): the second appends and commits without waiting for it.
    await elsewhere.transact((tx) => elsewhere.append(tx, { type: 'settings.changed', data: { key: 'second' } }, 2));
    const reader = stores.another('postgres').db;
    const keys = async () => (await reader.selectFrom('events').select(['id', 'data']).orderBy('id').execute()).map((r) => [r.id, (JSON.parse(r.data) as { key: string }).key]);
    expect(await keys()).toEqual([[1, 'second']]);
    releaseFirst();
    await first;
    expect(await keys()).toEqual([
      [1, 'second'],
      [2, 'first'],
    ]);
  });

  it("numbers an append made in a transaction the log did not open (the commit trigger) in one gap-free order with the log's own", async () => {
    const db = stores.another('postgres').db;
    const outside = createEventLog(db, createLocalBus());
    await Promise.all([
      ...Array.from({ length: 10 }, (_, n) => log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: `own-${n}` } }, n))),
      ...Array.from({ length: 10 }, (_, n) => db.transaction().execute((tx) => outside.append(tx, { type: 'settings.changed', data: { key: `outside-${n}` } }, n))),
    ]);
    const rows = await stores.another('postgres').db.selectFrom('events').select(['id', 'data']).orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => (JSON.parse(r.data) as { key: string }).key)).size).toBe(20);
    expect((await db.selectFrom('event_head').select('last_id').execute()).map((r) => r.last_id)).toEqual([20]);
  });

  it("sends a transaction's events and its COMMIT in one turn of the event loop, so the head row is never held across a round trip", async () => {
    // Every socket write, with the event-loop turn it happened in (a turn ends at the next setImmediate).
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const writes: { turn: number; text: string }[] = [];
    const write = Socket.prototype.write;
    const spy = vi.spyOn(Socket.prototype, 'write').mockImplementation(function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      if (Buffer.isBuffer(chunk)) writes.push({ turn, text: chunk.toString('latin1') });
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    });
    try {
      for (let n = 0; n < 3; n++) {
        // A read after the append: the transaction's work goes on for a round trip after it appended.
        await log.transact(async (tx) => {
          await log.append(tx, { type: 'settings.changed', data: { key: `marker-${n}` } }, n);
          await tx.selectFrom('agents').select('id').limit(1).execute();
        });
      }
    } finally {
      spy.mockRestore();
      ticking = false;
    }
    for (let n = 0; n < 3; n++) {
      const insert = writes.findIndex((w) => w.text.includes(`marker-${n}`));
      expect(insert).toBeGreaterThanOrEqual(0);
      const commit = writes.findIndex((w, i) => i > insert && /commit/i.test(w.text));
      expect(commit).toBeGreaterThan(insert);
      expect(writes[commit]?.turn).toBe(writes[insert]?.turn);
    }
  });

  it("writes a transaction's events statement and its COMMIT to the socket in one write, so the server never holds the head row waiting for the COMMIT to arrive", async () => {
    // What reaches the socket itself (one write each: `_writev` for several buffered chunks).
    const writes: string[] = [];
    const text = (chunks: { chunk: unknown }[]) => chunks.map((c) => (Buffer.isBuffer(c.chunk) ? c.chunk.toString('latin1') : '')).join('');
    const proto = Socket.prototype as unknown as { _writev: (chunks: { chunk: unknown }[], cb: unknown) => void; _write: (chunk: unknown, enc: unknown, cb: unknown) => void };
    const writev = proto._writev;
    const write = proto._write;
    const spyV = vi.spyOn(proto, '_writev').mockImplementation(function (this: Socket, chunks, cb) {
      writes.push(text(chunks));
      return writev.call(this, chunks, cb);
    });
    const spy = vi.spyOn(proto, '_write').mockImplementation(function (this: Socket, chunk, enc, cb) {
      writes.push(text([{ chunk }]));
      return write.call(this, chunk, enc, cb);
    });
    try {
      for (let n = 0; n < 3; n++) {
        await log.transact(async (tx) => {
          await log.append(tx, { type: 'settings.changed', data: { key: `corked-${n}` } }, n);
          await tx.selectFrom('agents').select('id').limit(1).execute();
        });
      }
    } finally {
      spyV.mockRestore();
      spy.mockRestore();
    }
    for (let n = 0; n < 3; n++) {
      const insert = writes.filter((w) => w.includes(`corked-${n}`));
      expect(insert).toHaveLength(1);
      expect(insert[0]).toMatch(/commit/i);
    }
  });

  it('leaves no provisional id behind and no gap after a rolled-back append; the head counter agrees with the log and is recreated when lost', async () => {
    await log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: 'a' } }, 1));
    await expect(
      log.transact(async (tx) => {
        await log.append(tx, { type: 'settings.changed', data: { key: 'b' } }, 2);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await log.transact(async (tx) => {
      await log.append(tx, { type: 'settings.changed', data: { key: 'c' } }, 3);
      await log.append(tx, { type: 'settings.changed', data: { key: 'd' } }, 4);
    });
    const reader = stores.another('postgres').db;
    expect((await reader.selectFrom('events').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 2, 3]);
    expect((await reader.selectFrom('event_head').select('last_id').execute()).map((r) => r.last_id)).toEqual([3]);
    // A counter row lost (a partial restore) is recreated from the log on the next commit.
    await reader.deleteFrom('event_head').execute();
    await log.transact((tx) => log.append(tx, { type: 'settings.changed', data: { key: 'e' } }, 5));
    expect((await reader.selectFrom('events').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });
});
