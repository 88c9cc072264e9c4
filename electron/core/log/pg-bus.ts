import pg from 'pg';
import { createLocalBus, createWakeListeners, type Bus } from './bus';
import { pipelineStats } from './pipeline-stats';

/** The channel every Frontline instance on one database LISTENs on. */
export const EVENTS_CHANNEL = 'frontline_events';
const RECONNECT_MS = 500;
/** Wake-ups closer together than this are one (at the end of the interval): see `createPostgresBus`. */
const COALESCE_MS = 20;

export interface PostgresBusOptions {
  url: string;
  /** The safety net: every instance also reads the log this often, whatever NOTIFY delivered. */
  pollMs?: number;
  onError?: (error: unknown) => void;
  /** Wake-ups within this many ms of the last one are folded into one at the interval's end. */
  coalesceMs?: number;
}

/**
 * `wake` at most once per `ms`: the first call wakes at once, calls within `ms` of a wake-up wake
 * once more when the interval ends (never lost, only later).
 */
function coalesced(wake: () => void, ms: number): { wake: () => void; stop: () => void } {
  let last = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    timer = null;
    last = performance.now();
    wake();
  };
  return {
    wake() {
      if (timer !== null) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
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
 * wakes them anyway: NOTIFY has no replay, the log does. Every instance is told of every commit of
 * the team (its own twice: by its own `notify` and by the NOTIFY), and each wake-up costs it a read of
 * the log and of the rows the new events changed: so wake-ups within `coalesceMs` (20 ms) of the
 * last are folded into one at the end of the interval — at 200 commits/s a projection reads the
 * log ≤ 50 times a second, in batches, at ≤ 20 ms more delay (ADR 0056).
 */
export async function createPostgresBus({ url, pollMs = 1000, onError = () => undefined, coalesceMs = COALESCE_MS }: PostgresBusOptions): Promise<Bus> {
  const listeners = createWakeListeners();
  const wakes = coalesced(() => {
    pipelineStats.count('wake');
    listeners.wake();
  }, coalesceMs);
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  async function listen(): Promise<void> {
    const c = new pg.Client({ connectionString: url, application_name: 'frontline-listen' });
    c.on('notification', () => {
      pipelineStats.count('notify');
      wakes.wake();
    });
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
    notify: wakes.wake,
    announce: () => Promise.resolve(),
    onWake: listeners.add,
    async close() {
      closed = true;
      clearInterval(poll);
      wakes.stop();
      if (retry !== null) clearTimeout(retry);
      listeners.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
