import type { Bus } from './bus';
import type { EventLog } from './event-log';
import type { StoredEvent } from './log-event';
import { pipelineStats } from './pipeline-stats';

/** A fold of the event log held in memory. */
export interface Projection {
  readonly name: string;
  apply(event: StoredEvent): void | Promise<void>;
  /** After a batch of events: work done once per batch (one read of the calls its events changed). `settled` waits for it. */
  afterBatch?(lastId: number): void | Promise<void>;
}

const BATCH = 500;

/**
 * Keeps projections caught up with the log: woken by the bus, it reads every event after its
 * cursor and applies it to each projection in order. `settled()` waits until every event
 * committed before the call has been applied (read-your-writes for queries).
 */
export function createProjectionRunner(log: EventLog, bus: Bus, initial: readonly Projection[], onError: (error: unknown) => void) {
  const projections = [...initial];
  /** Every projection has applied the events up to here, their batch's end work included (what `settled` waits for). */
  let cursor = 0;
  /** Applied by every projection so far (ahead of `cursor` while a batch's end work runs); reading goes on from here. */
  let applied = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function drain(): Promise<void> {
    for (;;) {
      // Stopped (the core is closing): what is left is not applied (the next start catches up from the log).
      if (stopped) return;
      let t = performance.now();
      const batch = await log.after(applied, BATCH);
      pipelineStats.time('log.read', performance.now() - t);
      if (batch.length === 0) return;
      pipelineStats.count('events', batch.length);
      pipelineStats.behind(Date.now() - (batch[0] as StoredEvent).at);
      t = performance.now();
      for (const event of batch) {
        // Most projections apply synchronously: a promise is awaited only when one is returned (an await per
        // event and projection was a promise and a turn each, on every commit's events).
        for (const p of projections) {
          const pending = p.apply(event);
          if (pending !== undefined) await pending;
        }
        applied = event.id;
      }
      pipelineStats.time('apply', performance.now() - t);
      for (const p of projections) {
        t = performance.now();
        const pending = p.afterBatch?.(applied);
        if (pending !== undefined) await pending;
        if (p.afterBatch !== undefined) pipelineStats.time(`afterBatch.${p.name}`, performance.now() - t);
      }
      cursor = applied;
      // Caught up with everything committed here: no need to ask the log whether there is more.
      if (batch.length < BATCH && log.isNewestKnown(cursor)) return;
    }
  }

  function run(): Promise<void> {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drain();
        } while (again && !stopped);
      } catch (error) {
        onError(error);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const unsubscribe = bus.onWake(() => {
    if (!stopped) void run();
  });

  return {
    get cursor(): number {
      return cursor;
    },
    /** Start from a position whose effects the projections already hold (their start-up load). */
    startAt(id: number): void {
      cursor = id;
      applied = id;
    },
    wake: run,
    /** A projection of what happens from now on (effects on live connections): it sees the events after the cursor. */
    add(projection: Projection): void {
      projections.push(projection);
    },
    async settled(): Promise<number> {
      const head = await log.head();
      while (cursor < head && !stopped) {
        const before = cursor;
        await run();
        if (cursor === before && running === null) await run();
        if (cursor === before) break;
      }
      return cursor;
    },
    /**
     * Stop following the log, and wait for a batch being applied to end: a projection's batch end may
     * still be asking the board's worker, which the core closes only after this.
     */
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      await running;
    },
  };
}

export type ProjectionRunner = ReturnType<typeof createProjectionRunner>;
