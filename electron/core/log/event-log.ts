import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import { isRetryableConflict, isSqlite } from '../db/dialect';
import type { Database } from '../db/schema';
import type { Bus } from './bus';
import type { LogEvent, StoredEvent } from './log-event';
import { insertAtCommit, type EventValues } from './pg-append';

export type Tx = Transaction<Database>;

/** Events this process committed lately, kept for the projections so they need not read them back. */
const RECENT_KEPT = 2000;

type EventRow = EventValues;

/** SQLite numbers the row itself, in commit order (one writer at a time, AUTOINCREMENT rolls back). */
const insertEvent = compiledOnce((db, p: EventRow) =>
  db.insertInto('events').values({ at: p.at, type: p.type, agent_id: p.agent_id, call_id: p.call_id, data: p.data }).returning('id'),
);
/**
 * PostgreSQL, an append in a transaction `transact` did not open: the row goes in with a provisional
 * (negative) id and is numbered from the head counter by COMMIT itself (a deferred trigger, migration
 * T0033, ADR 0040), so no client round trip ever happens while the head row is locked. `transact`'s
 * own transactions keep their events and insert them numbered, together, as their last statement
 * (ADR 0063): one statement per transaction instead of an insert, a trigger and a renumbering per event.
 */
const insertProvisional = compiledOnce((db, p: EventRow) =>
  db.insertInto('events').values({ at: p.at, type: p.type, agent_id: p.agent_id, call_id: p.call_id, data: p.data }),
);

/**
 * The append-only event log. Writers append inside their own transaction (so the change and its
 * event commit together or not at all) and the bus wakes the projections once it has committed.
 */
export function createEventLog(db: Kysely<Database>, bus: Bus) {
  /** What each open transaction of `transact` appended, kept once it commits (SQLite). */
  const pending = new WeakMap<Tx, StoredEvent[]>();
  /** What each open transaction of `transact` appended, inserted numbered just before its COMMIT (PostgreSQL). */
  const atCommit = new WeakMap<Tx, EventValues[]>();
  /** Committed here lately, ascending by id (not necessarily contiguous: other writers, other processes). */
  let recent: StoredEvent[] = [];
  /** Transactions that already appended (the bus announces once per transaction, never per event). */
  const announced = new WeakSet<Tx>();
  const numberedAtCommit = !isSqlite(db);
  /** The last id a read of the log found it ended at (nothing newer was committed then). */
  let readToEnd = -1;

  /**
   * Append an event inside the writer's transaction; it commits (and is numbered) with it. The id is
   * not returned: on PostgreSQL it is only decided when the transaction commits (ADR 0040). `json` is
   * `JSON.stringify(event.data)` when the writer already made it (a row of its own stores the same text).
   */
  async function append(tx: Tx, event: LogEvent, at: number, json?: string): Promise<void> {
    const data = json ?? JSON.stringify(event.data);
    if (!announced.has(tx)) {
      announced.add(tx);
      await bus.announce(tx);
    }
    const values = { at, type: event.type, agent_id: event.agentId ?? null, call_id: event.callId ?? null, data };
    if (numberedAtCommit) {
      // The id is unknown until COMMIT: this process's projections read the event back from the log.
      const queued = atCommit.get(tx);
      if (queued !== undefined) {
        queued.push(values);
        return;
      }
      // Not waited for (ADR 0056): a plain one-row INSERT stores its row or fails, and its failure fails the transaction.
      await insertProvisional.send(tx, values);
      return;
    }
    const row = await insertEvent.first(tx, values);
    if (row === undefined) throw new Error(`the ${event.type} event was not stored`);
    pending.get(tx)?.push(toStored({ ...values, id: row.id }));
  }

  function keep(events: StoredEvent[]): void {
    if (events.length === 0) return;
    const outOfOrder = recent.length > 0 && (recent.at(-1) as StoredEvent).id > (events[0] as StoredEvent).id;
    recent.push(...events);
    // Two commits can finish in either order before their callers resume: keep the list ascending.
    if (outOfOrder) recent.sort((a, b) => a.id - b.id);
    if (recent.length > 1.5 * RECENT_KEPT) recent = recent.slice(-RECENT_KEPT);
  }

  /** The events right after `cursor` that are known here without a gap, or [] if the next one is not. */
  function recentAfter(cursor: number, limit: number): StoredEvent[] {
    let lo = 0;
    let hi = recent.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((recent[mid] as StoredEvent).id <= cursor) lo = mid + 1;
      else hi = mid;
    }
    const out: StoredEvent[] = [];
    for (let i = lo, want = cursor + 1; i < recent.length && out.length < limit; i++, want++) {
      const event = recent[i] as StoredEvent;
      if (event.id !== want) break;
      out.push(event);
    }
    return out;
  }

  return {
    append,
    /**
     * Run a write transaction, then wake the projections. PostgreSQL may roll it back as a deadlock
     * victim or for a serialization failure: it is run again from the start, as the desk writer
     * already does after a version conflict (ADR 0036).
     */
    async transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      let appended: StoredEvent[] = [];
      const result = await retryDeadlocks(() =>
        db.transaction().execute(async (tx) => {
          appended = [];
          pending.set(tx, appended);
          if (!numberedAtCommit) return work(tx);
          const queued: EventValues[] = [];
          atCommit.set(tx, queued);
          const result = await work(tx);
          // The last statement, sent with the COMMIT that follows (nothing is awaited in between).
          await insertAtCommit(tx, queued);
          return result;
        }),
      );
      keep(appended);
      bus.notify();
      return result;
    },
    /**
     * Events after `cursor`, oldest first: from what this process just committed when it has the
     * very next ones, else from the log itself (another writer's events, or older ones).
     */
    async after(cursor: number, limit: number): Promise<StoredEvent[]> {
      const known = recentAfter(cursor, limit);
      if (known.length > 0) return known;
      const rows = await db.selectFrom('events').selectAll().where('id', '>', cursor).orderBy('id').limit(limit).execute();
      const events = rows.map(toStored);
      // A short read is everything committed when it ran: whatever commits later comes with a wake-up.
      if (events.length < limit) readToEnd = events.at(-1)?.id ?? cursor;
      return events;
    },
    /**
     * Whether `cursor` is the newest event this process has committed: nothing newer is known here,
     * and another writer's events come with a wake-up of their own (the reader need not ask the log).
     */
    isNewestKnown(cursor: number): boolean {
      return cursor === readToEnd || (recent.length > 0 && (recent.at(-1) as StoredEvent).id === cursor);
    },
    /** The events of one call, oldest first (drill-down, tests). */
    async ofCall(callId: number): Promise<StoredEvent[]> {
      return (await db.selectFrom('events').selectAll().where('call_id', '=', callId).orderBy('id').execute()).map(toStored);
    },
    async head(): Promise<number> {
      const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      return Number(row?.id ?? 0);
    },
  };
}

const DEADLOCK_RETRIES = 10;

/** Run `attempt` again when PostgreSQL rolled it back as a deadlock victim or for a serialization failure. */
async function retryDeadlocks<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= DEADLOCK_RETRIES || !isRetryableConflict(error)) throw error;
    }
  }
}

function toStored(row: { id: number; at: number; type: string; agent_id: number | null; call_id: number | null; data: string }): StoredEvent {
  return { id: Number(row.id), at: Number(row.at), type: row.type, agentId: row.agent_id, callId: row.call_id, data: JSON.parse(row.data) } as StoredEvent;
}

export type EventLog = ReturnType<typeof createEventLog>;
