import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/** A task's (thread's or process's) scheduler counters so far, in ms: on a CPU, and runnable but waiting for one. */
export interface TaskClock {
  onCpuMs: number;
  waitingMs: number;
}

/** Linux's schedstat of a task (`/proc/<pid>/schedstat`, `/proc/self/task/<tid>/schedstat`), or null where there is none (other systems, a task that ended). */
export function readTaskClock(path: string): TaskClock | null {
  try {
    const [onCpu, waiting] = readFileSync(path, 'utf8').split(' ').map(Number);
    return { onCpuMs: (onCpu ?? 0) / 1e6, waitingMs: (waiting ?? 0) / 1e6 };
  } catch {
    return null;
  }
}

/** The summed clocks of several tasks (e.g. every PostgreSQL backend of a pool), or null when none can be read. */
export function readTaskClocks(paths: readonly string[]): TaskClock | null {
  const clocks = paths.map(readTaskClock).filter((c): c is TaskClock => c !== null);
  if (clocks.length === 0) return null;
  return { onCpuMs: clocks.reduce((a, c) => a + c.onCpuMs, 0), waitingMs: clocks.reduce((a, c) => a + c.waitingMs, 0) };
}

/**
 * This process's clocks: on a CPU from getrusage (all its threads; the kernel brings the running thread's
 * count up to date when asked, while a thread reading its own schedstat sees it as of its last tick or
 * switch, which charged one sample's CPU to the next), waiting for a CPU from the main thread's schedstat
 * (brought up to date each time the thread gets a CPU); null waiting off Linux.
 */
export function readProcessClock(mainThreadPath: string | null): TaskClock {
  const { user, system } = process.cpuUsage();
  return { onCpuMs: (user + system) / 1000, waitingMs: mainThreadPath === null ? Number.NaN : (readTaskClock(mainThreadPath)?.waitingMs ?? Number.NaN) };
}

/** This process's main (JavaScript) thread's schedstat file, or null off Linux. */
export function mainThreadClockPath(): string | null {
  const path = `/proc/self/task/${process.pid}/schedstat`;
  return existsSync(path) ? path : null;
}

/**
 * The schedstat files of this process's threads other than the main one (V8's compiler and GC helper threads,
 * libuv's pool), read at the start and the end of a run: none of them is running then, so their counts are current.
 * Empty off Linux.
 */
export function otherThreadClockPaths(): string[] {
  try {
    return readdirSync('/proc/self/task')
      .filter((tid) => tid !== String(process.pid))
      .map((tid) => `/proc/self/task/${tid}/schedstat`);
  } catch {
    return [];
  }
}

/** perf_hooks' `detail.kind` of a gc entry (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental marking', 8: 'weak callbacks' };

/**
 * Garbage-collection pauses of this process while it runs, from perf_hooks' `gc` entries: `during(from, to)`
 * says how many ms of pauses fell inside a window of `performance.now()` times.
 */
export function recordGcPauses(): { during(fromMs: number, toMs: number): number; summary(): string; stop(): void } {
  const pauses: { start: number; end: number; kind: string }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration, kind: GC_KINDS[((e as { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? 'other' });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    during(fromMs, toMs) {
      let ms = 0;
      for (const p of pauses) ms += Math.max(0, Math.min(toMs, p.end) - Math.max(fromMs, p.start));
      return ms;
    },
    summary() {
      const kinds = new Map<string, number[]>();
      for (const p of pauses) kinds.set(p.kind, [...(kinds.get(p.kind) ?? []), p.end - p.start]);
      return [...kinds]
        .map(([kind, ms]) => `${kind} ${ms.length}× (total ${ms.reduce((a, b) => a + b, 0).toFixed(1)} ms, max ${Math.max(...ms).toFixed(2)} ms)`)
        .join(', ');
    },
    stop: () => observer.disconnect(),
  };
}
