import { sql, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import { isSqlite } from '../db/dialect';
import type { Database } from '../db/schema';
import { createLocalBus, createWakeListeners, type Bus } from './bus';

/** The channel every Frontline instance on one database LISTENs on. */
export const EVENTS_CHANNEL = 'frontline_events';
const RECONNECT_MS = 500;

export interface PostgresBusOptions {
  url: string;
  /** The safety net: every instance also reads the log this often, whatever NOTIFY delivered. */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/** One empty NOTIFY inside the appending transaction: PostgreSQL delivers it when (and only if) that commits. */
async function announceOnPostgres(tx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_notify(${EVENTS_CHANNEL}, '')`.execute(tx);
}

/**
 * The bus of a process that appends and never listens (the supervisor command line): on PostgreSQL its
 * commits still wake every running instance at once; on SQLite nothing else listens, and a running
 * instance reads the log itself at its next wake-up.
 */
export function createWriterBus(db: Kysely<Database>): Bus {
  const local = createLocalBus();
  return isSqlite(db) ? local : { ...local, announce: announceOnPostgres };
}

/**
 * The bus of a team on PostgreSQL (ADR 0036). An appending transaction sends one empty NOTIFY,
 * delivered to every instance when (and only if) it commits; each instance LISTENs on one dedicated
 * connection and wakes its projections, which read the log itself. A lost connection is reopened
 * (and wakes once it listens again, for whatever committed meanwhile), and a poll every `pollMs`
 * wakes them anyway: NOTIFY has no replay, the log does.
 */
export async function createPostgresBus({ url, pollMs = 1000, onError = () => undefined }: PostgresBusOptions): Promise<Bus> {
  const listeners = createWakeListeners();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  async function listen(): Promise<void> {
    const c = new pg.Client({ connectionString: url, application_name: 'frontline-listen' });
    c.on('notification', () => listeners.wake());
    c.on('error', (error) => {
      onError(error);
      lost(c);
    });
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      c.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    listeners.wake();
  }

  function lost(c: pg.Client): void {
    if (client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    scheduleListen();
  }

  function scheduleListen(): void {
    if (closed || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      listen().catch((error: unknown) => {
        onError(error);
        scheduleListen();
      });
    }, RECONNECT_MS);
    retry.unref();
  }

  await listen();
  const poll = setInterval(() => listeners.wake(), pollMs);
  poll.unref();

  return {
    notify: listeners.wake,
    announce: announceOnPostgres,
    onWake: listeners.add,
    async close() {
      closed = true;
      clearInterval(poll);
      if (retry !== null) clearTimeout(retry);
      listeners.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
