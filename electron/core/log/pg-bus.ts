import pg from 'pg';
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

/**
 * The bus of a process that appends and never listens (the supervisor command line): on PostgreSQL its
 * commits still wake every running instance at once (the commit that numbers its events sends the
 * NOTIFY, ADR 0040); on SQLite nothing else listens, and a running instance reads the log itself at
 * its next wake-up. So in both cases the process-local bus is all it needs.
 */
export function createWriterBus(): Bus {
  return createLocalBus();
}

/**
 * The bus of a team on PostgreSQL (ADR 0036). An appending transaction sends one empty NOTIFY,
 * delivered to every instance when (and only if) it commits (sent by the commit itself, from the
 * trigger that numbers the transaction's events: ADR 0040, so `announce` has nothing to do); each instance LISTENs on one dedicated
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
    announce: () => Promise.resolve(),
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
