import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { CallLeg, TimeRange } from '../../../shared/domain/metrics/types';
import type { TodayChange, TodayReport, TodayReportRequest } from '../metrics/metrics-service';
import type { AgentFigures, AgentFiguresRequest } from './agent-figures';
import type { AggregateFigures, AggregateRequest } from './aggregate-figures';
import type { FromWorker, ToWorker } from './aggregate-messages';
import { createAggregateReplica } from './aggregate-replica';

/** Where a bundled host ships the worker: next to its own bundle (see vite.electron.config.ts). */
export const BUNDLED_WORKER_NAMES = ['board-aggregates-worker.mjs', 'board-aggregates-worker.cjs'];

export interface BoardAggregator {
  /** The queue, team and centre figures of one board turn, over today as the metrics service holds it. */
  figures(request: AggregateRequest): Promise<AggregateFigures>;
  /** Some agents' own figures (their rows), over the same today. */
  agentFigures(request: AgentFiguresRequest): Promise<AgentFigures>;
  /**
   * What the thread computing them uses: its heap, and (a worker) the share of time its event loop
   * was busy since the last call. Benchmarks sample it; the main heap does not show the worker's.
   * `collect`: after a full garbage collection in that thread (what it retains, not its garbage).
   */
  usage(options?: { collect?: boolean }): Promise<AggregatorUsage>;
  /** Where they are computed: a worker thread, or this thread where none could start. */
  readonly thread: 'worker' | 'inline';
  close(): Promise<void>;
}

/**
 * Where today's legs and presence live (ADR 0058): the only copy of the day, in the board's worker
 * thread (or in this thread where none can start). The metrics service loads the day into it and
 * tells it every change; it answers which agents a change touched, today's reports and the board's
 * figures. The main thread keeps nothing per call, so it does not grow with the day.
 */
export interface TodayThread extends BoardAggregator {
  /** A change to today (a reset with the whole day, an agent's state change), applied in order. */
  change(change: TodayChange): void;
  /** Calls changed: their legs, answered with the agents that touches and the legs whose callers need their FCR history loaded. */
  changeLegs(legs: readonly CallLeg[]): Promise<{ touched: number[]; needHistory: number[] }>;
  /** The FCR history loaded for those legs (`loadedFor`), answered with the agents around `around` now. */
  addHistory(legs: readonly CallLeg[], loadedFor: readonly number[], around: readonly number[]): Promise<number[]>;
  /** Today's figures and trend for one scope. */
  report(request: TodayReportRequest): Promise<TodayReport>;
  /**
   * Today read from the database by this thread itself, replacing what it held (ADR 0066): answered
   * with the log position the day reflects, or null when it cannot (no worker, or not a SQLite file):
   * then the caller reads the day and sends it as a `reset`.
   */
  loadDay(range: TimeRange, fcrWindowMs: number): Promise<number | null>;
  /**
   * Who loads the day: `ready` before every request (loads it if it is not), `lost` when the copy is
   * gone (a worker replaced by this thread: the day is loaded again, from the database).
   */
  loadWith(loader: TodayLoader): void;
}

export interface TodayLoader {
  ready(): Promise<void>;
  lost(): void;
}

export interface AggregatorUsage {
  thread: 'worker' | 'inline';
  /** The thread's heap, with the memory of its typed arrays (off the JS heap: today's presence columns). */
  heapUsedBytes: number;
  /** Event-loop utilisation of the worker since the previous call (0–1); null inline. */
  busy: number | null;
}

/** The worker ran the request and it failed (as it would have here). */
class WorkerAnswerError extends Error {
  constructor(message: string) {
    super(`board worker: ${message}`);
  }
}

/** How to start the worker from here: its TypeScript source through tsx, or the file a bundle ships. */
function workerStart(): { code: string; eval: true } | { file: URL } | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./aggregate-worker.ts', here).href;
    return { code: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, eval: true };
  }
  for (const name of BUNDLED_WORKER_NAMES) {
    const file = new URL(`./${name}`, here);
    if (existsSync(fileURLToPath(file))) return { file };
  }
  return null;
}

/**
 * Today and the board's heavy figures off the main thread: a worker keeps the day (every change the
 * metrics service makes is posted to it, in order) and answers each request, so the event loop only
 * sends and receives. Where no worker can start, the same code runs inline.
 */
export function createTodayThread(logger: Logger, options: { inline?: boolean; databaseFile?: string } = {}): TodayThread {
  // Started when today is first needed (a board, a desk's numbers), not with every core.
  let started: Started | null = null;
  /** Closed with the core: a request still waiting for the worker then fails, and nothing starts again. */
  let closed = false;
  let loader: TodayLoader = { ready: async () => undefined, lost: () => undefined };
  const begin = () => (started ??= startThread(logger, options));
  async function ask<T>(question: (thread: Started) => Promise<T>): Promise<T> {
    await loader.ready();
    const current = begin();
    try {
      return await question(current);
    } catch (error) {
      // The computation's own errors would happen inline too; only a worker that is gone is replaced.
      if (closed || current.thread !== 'worker' || error instanceof WorkerAnswerError) throw error;
      // A worker that cannot run here (or died): the day goes on, on this thread, loaded again.
      if (started === current) {
        logger.error({ err: error }, 'board worker unavailable: today and the board figures computed on the main thread from now on');
        await current.close();
        started = startThread(logger, { inline: true });
        loader.lost();
      }
      await loader.ready();
      return question(begin());
    }
  }
  return {
    get thread() {
      return begin().thread;
    },
    change: (change) => begin().change(change),
    changeLegs: (legs) => ask((t) => t.changeLegs(legs)),
    addHistory: (legs, loadedFor, around) => ask((t) => t.addHistory(legs, loadedFor, around)),
    report: (request) => ask((t) => t.report(request)),
    async loadDay(range, fcrWindowMs) {
      const file = options.databaseFile;
      if (file === undefined || file === '' || file === ':memory:' || closed) return null;
      const current = begin();
      if (current.thread !== 'worker') return null;
      try {
        return await current.loadDay(file, range, fcrWindowMs);
      } catch (error) {
        // Its own reads failed (as they would here): that is the answer. A worker that is gone: the day is read here,
        // and the next question finds the worker gone and replaces it (which loads the day again).
        if (error instanceof WorkerAnswerError) throw error;
        return null;
      }
    },
    figures: (request) => ask((t) => t.figures(request)),
    agentFigures: (request) => ask((t) => t.agentFigures(request)),
    usage: (options) => ask((t) => t.usage(options)),
    loadWith(next) {
      loader = next;
    },
    close: async () => {
      closed = true;
      await started?.close();
    },
  };
}

/** One running copy of today: a worker, or the replica in this thread. */
type Started = Omit<TodayThread, 'loadWith' | 'loadDay'> & { loadDay(file: string, range: TimeRange, fcrWindowMs: number): Promise<number | null> };

type Ask = (message: Extract<ToWorker, { id: number }>) => Promise<FromWorker>;

/** The questions asked of today, over one way of asking (the worker, or the replica here). */
function questions(ask: Ask): Omit<Started, 'thread' | 'change' | 'usage' | 'close' | 'loadDay'> & { heapUsedBytes(collect: boolean): Promise<number> } {
  async function answer<K extends string>(message: Extract<ToWorker, { id: number }>, key: K): Promise<Extract<FromWorker, Record<K, unknown>>> {
    const reply = await ask(message);
    if (!(key in reply)) throw new WorkerAnswerError(`answered ${message.kind} without ${key}`);
    return reply as Extract<FromWorker, Record<K, unknown>>;
  }
  return {
    heapUsedBytes: async (collect) => (await answer({ kind: 'usage', id: 0, collect }, 'heapUsedBytes')).heapUsedBytes,
    figures: async (request) => (await answer({ kind: 'compute', id: 0, request }, 'figures')).figures,
    agentFigures: async (request) => (await answer({ kind: 'agents', id: 0, request }, 'agents')).agents,
    report: async (request) => (await answer({ kind: 'report', id: 0, request }, 'report')).report,
    async changeLegs(legs) {
      const reply = await answer({ kind: 'legs', id: 0, legs }, 'touched');
      return { touched: reply.touched, needHistory: reply.needHistory ?? [] };
    },
    addHistory: async (legs, loadedFor, around) => (await answer({ kind: 'history', id: 0, legs, loadedFor, around }, 'touched')).touched,
  };
}

function startThread(logger: Logger, options: { inline?: boolean }): Started {
  const start = options.inline === true ? null : workerStart();
  if (start === null) {
    if (options.inline !== true) logger.warn('today and the board figures computed on the main thread: no worker file next to this bundle');
    return inlineThread();
  }
  const worker = 'file' in start ? new Worker(start.file) : new Worker(start.code, { eval: true });
  worker.unref();
  const pending = new Map<number, { resolve: (reply: FromWorker) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failed: Error | null = null;
  const fail = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: FromWorker) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiting?.reject(new WorkerAnswerError(reply.error));
    else waiting?.resolve(reply);
  });
  worker.on('error', (error) => {
    logger.error({ err: error }, 'board worker failed');
    fail(error);
  });
  worker.on('exit', (code) => fail(new Error(`board worker exited (${code})`)));
  const post = (message: ToWorker) => worker.postMessage(message);
  // Changes go over in batches, once per turn of the event loop (a message per change cost the write
  // path as much as an SQL statement); a request sends what is queued first, so order holds.
  let queued: TodayChange[] = [];
  const flush = () => {
    if (queued.length === 0) return;
    post({ kind: 'changes', changes: queued });
    queued = [];
  };
  /** One request, answered in order after every change sent before it. */
  const ask: Ask = async (message) => {
    if (failed !== null) throw failed;
    const id = ++nextId;
    const answer = new Promise<FromWorker>((resolve, reject) => pending.set(id, { resolve, reject }));
    flush();
    post({ ...message, id });
    return answer;
  };
  const asked = questions(ask);
  let lastElu = worker.performance.eventLoopUtilization();
  return {
    thread: 'worker',
    ...asked,
    async loadDay(file, range, fcrWindowMs) {
      const reply = await ask({ kind: 'load', id: 0, file, range, fcrWindowMs });
      if (!('loadedAt' in reply)) throw new WorkerAnswerError('answered load without loadedAt');
      return reply.loadedAt;
    },
    change(change) {
      if (queued.push(change) === 1) setImmediate(flush);
    },
    async usage(options) {
      const heapUsedBytes = await asked.heapUsedBytes(options?.collect === true);
      const elu = worker.performance.eventLoopUtilization();
      const busy = worker.performance.eventLoopUtilization(elu, lastElu).utilization;
      lastElu = elu;
      return { thread: 'worker', heapUsedBytes, busy };
    },
    async close() {
      await worker.terminate();
    },
  };
}

function inlineThread(): Started {
  const replica = createAggregateReplica();
  const ask: Ask = async (message) => {
    if (message.kind === 'load') throw new Error("today's figures: this thread does not read the day itself");
    const reply = replica(message);
    if (reply === null || 'error' in reply) throw new Error(`today's figures: ${reply === null ? 'no answer' : reply.error}`);
    return reply;
  };
  const asked = questions(ask);
  return {
    thread: 'inline',
    ...asked,
    // Reading the day here is the caller's own read, sent as a reset.
    loadDay: async () => null,
    change: (change) => void replica({ kind: 'changes', changes: [change] }),
    usage: async (options) => ({ thread: 'inline', heapUsedBytes: await asked.heapUsedBytes(options?.collect === true), busy: null }),
    async close() {},
  };
}
