import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { MetricsService, TodayChange } from '../metrics/metrics-service';
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

export interface AggregatorUsage {
  thread: 'worker' | 'inline';
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
 * The board's heavy figures off the main thread: a worker keeps its own copy of today (every change
 * the metrics service makes is posted to it, in order) and answers each turn's request, so the
 * event loop only sends and receives. Where no worker can start, the same code runs inline.
 */
export function createBoardAggregator(metrics: MetricsService, logger: Logger, options: { inline?: boolean } = {}): BoardAggregator {
  // Started with the board (the first turn), not with every core: most cores never open one.
  let started: BoardAggregator | null = null;
  /** Closed with the core: a turn still waiting for the worker then fails, and nothing starts again. */
  let closed = false;
  const begin = () => (started ??= startAggregator(metrics, logger, options));
  async function ask<T>(question: (aggregator: BoardAggregator) => Promise<T>): Promise<T> {
    const current = begin();
    try {
      return await question(current);
    } catch (error) {
      // The computation's own errors would happen inline too; only a worker that is gone is replaced.
      if (closed || current.thread !== 'worker' || error instanceof WorkerAnswerError) throw error;
      // A worker that cannot run here (or died): the board goes on, on this thread.
      if (started === current) {
        logger.error({ err: error }, 'board worker unavailable: board figures computed on the main thread from now on');
        await current.close();
        started = inlineAggregator(metrics);
      }
      return question(begin());
    }
  }
  return {
    get thread() {
      return begin().thread;
    },
    figures: (request) => ask((a) => a.figures(request)),
    agentFigures: (request) => ask((a) => a.agentFigures(request)),
    usage: (options) => ask((a) => a.usage(options)),
    close: async () => {
      closed = true;
      await started?.close();
    },
  };
}

type Ask = (message: Extract<ToWorker, { id: number }>) => Promise<FromWorker>;

/** The two questions a board turn asks, over one way of asking (the worker, or the replica here). */
function questions(ask: Ask): Pick<BoardAggregator, 'figures' | 'agentFigures'> & { heapUsedBytes(collect: boolean): Promise<number> } {
  return {
    async heapUsedBytes(collect) {
      const reply = await ask({ kind: 'usage', id: 0, collect });
      if (!('heapUsedBytes' in reply)) throw new WorkerAnswerError('answered without its heap');
      return reply.heapUsedBytes;
    },
    async figures(request) {
      const reply = await ask({ kind: 'compute', id: 0, request });
      if (!('figures' in reply)) throw new WorkerAnswerError('answered without figures');
      return reply.figures;
    },
    async agentFigures(request) {
      const reply = await ask({ kind: 'agents', id: 0, request });
      if (!('agents' in reply)) throw new WorkerAnswerError('answered without agent figures');
      return reply.agents;
    },
  };
}

function startAggregator(metrics: MetricsService, logger: Logger, options: { inline?: boolean }): BoardAggregator {
  const start = options.inline === true ? null : workerStart();
  if (start === null) {
    if (options.inline !== true) logger.warn('board figures computed on the main thread: no worker file next to this bundle');
    return inlineAggregator(metrics);
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
  // path as much as an SQL statement); a request for figures sends what is queued first, so order holds.
  let queued: TodayChange[] = [];
  const flush = () => {
    if (queued.length === 0) return;
    post({ kind: 'changes', changes: queued });
    queued = [];
  };
  const unfollow = metrics.follow((change) => {
    if (queued.push(change) === 1) setImmediate(flush);
  });
  /** One request, answered in order after every change sent before it. */
  const ask: Ask = async (message) => {
    await metrics.loadToday();
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
    figures: asked.figures,
    agentFigures: asked.agentFigures,
    async usage(options) {
      const heapUsedBytes = await asked.heapUsedBytes(options?.collect === true);
      const elu = worker.performance.eventLoopUtilization();
      const busy = worker.performance.eventLoopUtilization(elu, lastElu).utilization;
      lastElu = elu;
      return { thread: 'worker', heapUsedBytes, busy };
    },
    async close() {
      unfollow();
      await worker.terminate();
    },
  };
}

function inlineAggregator(metrics: MetricsService): BoardAggregator {
  const replica = createAggregateReplica();
  const unfollow = metrics.follow((change) => replica({ kind: 'changes', changes: [change] }));
  const ask: Ask = async (message) => {
    await metrics.loadToday();
    const reply = replica(message);
    if (reply === null || 'error' in reply) throw new Error(`board figures: ${reply === null ? 'no answer' : reply.error}`);
    return reply;
  };
  const asked = questions(ask);
  return {
    thread: 'inline',
    figures: asked.figures,
    agentFigures: asked.agentFigures,
    usage: async (options) => ({ thread: 'inline', heapUsedBytes: await asked.heapUsedBytes(options?.collect === true), busy: null }),
    async close() {
      unfollow();
    },
  };
}
