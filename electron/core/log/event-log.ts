import { sql, type Kysely, type Transaction } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import { isRetryableConflict, isSqlite } from '../db/dialect';
import type { Database } from '../db/schema';
import type { Bus } from './bus';
import type { LogEvent, StoredEvent } from './log-event';

export type Tx = Transaction<Database>;

/** Events this process committed lately, kept for the projections so they need not read them back. */
const RECENT_KEPT = 2000;

interface EventRow {
  at: number;
  type: string;
  agent_id: number | null;
  call_id: number | null;
  data: string;
}

/** SQLite numbers the row itself (PostgreSQL takes its id from the head counter: `insertWithNextId`). */
const insertEvent = compiledOnce((db, p: EventRow) =>
  db.insertInto('events').values({ at: p.at, type: p.type, agent_id: p.agent_id, call_id: p.call_id, data: p.data }).returning('id'),
);

/**
 * The append-only event log. Writers append inside their own transaction (so the change and its
 * event commit together or not at all) and the bus wakes the projections once it has committed.
 */
export function createEventLog(db: Kysely<Database>, bus: Bus) {
  /** What each open transaction of `transact` appended, kept once it commits. */
  const pending = new WeakMap<Tx, StoredEvent[]>();
  /** Committed here lately, ascending by id (not necessarily contiguous: other writers, other processes). */
  let recent: StoredEvent[] = [];
  /** Transactions that already appended (the bus announces once per transaction, never per event). */
  const announced = new WeakSet<Tx>();
  const headCounter = !isSqlite(db);

  async function append(tx: Tx, event: LogEvent, at: number): Promise<number> {
    const data = JSON.stringify(event.data);
    if (!announced.has(tx)) {
      announced.add(tx);
      await bus.announce(tx);
    }
    const values = { at, type: event.type, agent_id: event.agentId ?? null, call_id: event.callId ?? null, data };
    // PostgreSQL: the id comes from the head counter, whose row lock this transaction now holds until it ends (ADR 0036).
    const row = headCounter ? await insertWithNextId(tx, values) : await insertEvent.first(tx, values);
    if (row === undefined) throw new Error(`the ${event.type} event was not stored`);
    pending.get(tx)?.push(toStored({ ...values, id: row.id }));
    return row.id;
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
        db.transaction().execute((tx) => {
          appended = [];
          pending.set(tx, appended);
          return work(tx);
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
      return rows.map(toStored);
    },
    /**
     * Whether `cursor` is the newest event this process has committed: nothing newer is known here,
     * and another writer's events come with a wake-up of their own (the reader need not ask the log).
     */
    isNewestKnown(cursor: number): boolean {
      return recent.length > 0 && (recent.at(-1) as StoredEvent).id === cursor;
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

/**
 * The event, on PostgreSQL, with the next id from the one-row head counter (created from the log if it
 * is missing), in one statement: one round trip under the lock. The row stays locked until this
 * transaction commits or rolls back, so appends are serialised, ids are gap-free, and a reader never
 * sees id n+1 before id n.
 */
async function insertWithNextId(tx: Tx, v: Omit<EventRow, 'id'>): Promise<{ id: number } | undefined> {
  const { rows } = await sql<{ id: number }>`
    WITH head AS (
      INSERT INTO event_head (id, last_id) SELECT 1, coalesce(max(id), 0) + 1 FROM events
      ON CONFLICT (id) DO UPDATE SET last_id = event_head.last_id + 1
      RETURNING last_id
    )
    INSERT INTO events (id, at, type, agent_id, call_id, data)
    SELECT last_id, CAST(${v.at} AS bigint), CAST(${v.type} AS text), CAST(${v.agent_id} AS bigint), CAST(${v.call_id} AS bigint), CAST(${v.data} AS text) FROM head
    RETURNING id`.execute(tx);
  return rows[0];
}

function toStored(row: { id: number; at: number; type: string; agent_id: number | null; call_id: number | null; data: string }): StoredEvent {
  return { id: Number(row.id), at: Number(row.at), type: row.type, agentId: row.agent_id, callId: row.call_id, data: JSON.parse(row.data) } as StoredEvent;
}

export type EventLog = ReturnType<typeof createEventLog>;
