import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { Bus } from './bus';
import type { LogEvent, StoredEvent } from './log-event';

export type Tx = Transaction<Database>;

/**
 * The append-only event log. Writers append inside their own transaction (so the change and its
 * event commit together or not at all) and the bus wakes the projections once it has committed.
 */
export function createEventLog(db: Kysely<Database>, bus: Bus) {
  async function append(tx: Tx, event: LogEvent, at: number): Promise<number> {
    const row = await tx
      .insertInto('events')
      .values({ at, type: event.type, agent_id: event.agentId ?? null, call_id: event.callId ?? null, data: JSON.stringify(event.data) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  return {
    append,
    /** Run a write transaction, then wake the projections. */
    async transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      const result = await db.transaction().execute(work);
      bus.notify();
      return result;
    },
    /** Events after `cursor`, oldest first. */
    async after(cursor: number, limit: number): Promise<StoredEvent[]> {
      const rows = await db.selectFrom('events').selectAll().where('id', '>', cursor).orderBy('id').limit(limit).execute();
      return rows.map(toStored);
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

function toStored(row: { id: number; at: number; type: string; agent_id: number | null; call_id: number | null; data: string }): StoredEvent {
  return { id: Number(row.id), at: Number(row.at), type: row.type, agentId: row.agent_id, callId: row.call_id, data: JSON.parse(row.data) } as StoredEvent;
}

export type EventLog = ReturnType<typeof createEventLog>;
