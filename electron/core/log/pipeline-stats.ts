import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Where an instance's time goes between a commit and a board delta, for the board-team bench
 * (issue 14): when FRONTLINE_PIPELINE_STATS names a file, every few seconds one JSON line is
 * appended to it — wake-ups (NOTIFYs received, wake-ups after folding), log reads (count, events,
 * ms), applying events, each projection's end-of-batch work, the board's turns and its worker, how
 * far behind the log the applied events were (now − the event's `at`), and the event loop's
 * utilisation. Off (every call a no-op) unless the variable is set.
 */
export interface PipelineStats {
  count(name: string, n?: number): void;
  /** Time spent in a stage (ms), and how many times. */
  time(name: string, ms: number): void;
  /** How late an event was applied: now − its `at` (ms). */
  behind(ms: number): void;
}

const OFF: PipelineStats = { count: () => undefined, time: () => undefined, behind: () => undefined };
const EVERY_MS = 5_000;

function fileStats(file: string): PipelineStats {
  const counts = new Map<string, number>();
  const times = new Map<string, { n: number; ms: number; max: number }>();
  let lag = { n: 0, sum: 0, max: 0 };
  let loop = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const used = performance.eventLoopUtilization(loop);
    loop = performance.eventLoopUtilization();
    const line = {
      at: Date.now(),
      pid: process.pid,
      eventLoop: Number(used.utilization.toFixed(3)),
      counts: Object.fromEntries(counts),
      ms: Object.fromEntries([...times].map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms), max: Math.round(v.max) }])),
      behindMs: lag.n === 0 ? null : { n: lag.n, mean: Math.round(lag.sum / lag.n), max: Math.round(lag.max) },
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    };
    counts.clear();
    times.clear();
    lag = { n: 0, sum: 0, max: 0 };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // A bench's diagnostics: never the server's failure.
    }
  }, EVERY_MS);
  timer.unref();
  return {
    count(name, n = 1) {
      counts.set(name, (counts.get(name) ?? 0) + n);
    },
    time(name, ms) {
      const t = times.get(name) ?? { n: 0, ms: 0, max: 0 };
      t.n += 1;
      t.ms += ms;
      t.max = Math.max(t.max, ms);
      times.set(name, t);
    },
    behind(ms) {
      lag.n += 1;
      lag.sum += ms;
      lag.max = Math.max(lag.max, ms);
    },
  };
}

const file = process.env.FRONTLINE_PIPELINE_STATS;
/** This process's stats (one per process: the instances of a team are processes). */
export const pipelineStats: PipelineStats = file === undefined || file === '' ? OFF : fileStats(file);
