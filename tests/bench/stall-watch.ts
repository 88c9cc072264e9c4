import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/**
 * Event-loop stalls of this process's main thread, each split into where its time went, read from
 * Linux (/proc/self/task/<main>/…): on a CPU (schedstat's run time), waiting for a core (schedstat's
 * run-queue wait: the machine is busy), and the rest, asleep (a lock, the disk, a page fault), with
 * the major page faults and V8's GC pauses inside it. A 5 ms timer that fires late by more than
 * `stallMs` is a stall.
 *
 * With `offCpu`, a worker thread also looks at the main thread every millisecond (its state, the
 * kernel function it sleeps in, and the system call and file it is in) and each stall lists what the
 * main thread was asleep in: that names an off-CPU stall's cause (a futex: a lock or a GC helper; a
 * pread or fsync on a file; a page fault on the mapped database). It costs a few % of a core, so the
 * benchmark turns it on only when asked (FRONTLINE_BENCH_STALLS).
 */
export interface Stall {
  /** Seconds since the watch started, at the stall's end. */
  at: number;
  /** How late the timer was (the stall's length). */
  ms: number;
  /** The main thread on a CPU, waiting for a core, and asleep, during the stall (null off Linux). */
  cpuMs: number | null;
  waitMs: number | null;
  asleepMs: number | null;
  majorFaults: number | null;
  /** V8 garbage collection pauses that overlapped the stall. */
  gcMs: number;
  /** The stall's end on process.hrtime's clock (µs): the clock of a --cpu-prof profile. */
  endUs: number;
  /** What the main thread was asleep in, by kernel function / system call / file: ms (with offCpu). */
  asleepIn?: Record<string, number>;
}

const TICK_MS = 5;
const MAIN_TASK = `/proc/self/task/${process.pid}`;

interface ThreadTimes {
  cpuMs: number;
  waitMs: number;
  majorFaults: number;
}

function mainThreadTimes(): ThreadTimes | null {
  try {
    const [run, wait] = readFileSync(`${MAIN_TASK}/schedstat`, 'utf8').split(' ');
    const stat = readFileSync(`${MAIN_TASK}/stat`, 'utf8');
    // Fields after the command name: state ppid pgrp session tty tpgid flags minflt cminflt majflt …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpuMs: Number(run) / 1e6, waitMs: Number(wait) / 1e6, majorFaults: Number(fields[9]) };
  } catch {
    return null;
  }
}

/** The worker: every millisecond, the main thread's state, kernel wait channel and system call (with the file of its first argument). */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, readlinkSync } = require('node:fs');
const task = '/proc/' + workerData.pid + '/task/' + workerData.pid;
const files = new Map();
const fileOf = (fd) => {
  if (!files.has(fd)) { let f; try { f = readlinkSync('/proc/' + workerData.pid + '/fd/' + fd); } catch { f = 'fd ' + fd; } files.set(fd, f.replace(/^.*\\//, '')); }
  return files.get(fd);
};
const NAMES = { 0: 'read', 1: 'write', 7: 'poll', 17: 'pread64', 18: 'pwrite64', 26: 'msync', 72: 'fcntl', 74: 'fsync', 75: 'fdatasync', 202: 'futex', 232: 'epoll_wait', 281: 'epoll_pwait', 9: 'mmap', 11: 'munmap', 10: 'mprotect', 28: 'madvise', 3: 'close', 257: 'openat', 87: 'unlink', 77: 'ftruncate', 285: 'fallocate' };
const FD_CALLS = new Set([0, 1, 17, 18, 72, 74, 75, 77, 285]);
/** Runs of the same sleep: [fromUs, toUs, what]. */
const runs = [];
let current = null;
const now = () => Number(process.hrtime.bigint() / 1000n);
function sample() {
  let what = null;
  try {
    const stat = readFileSync(task + '/stat', 'utf8');
    const state = stat[stat.lastIndexOf(')') + 2];
    if (state !== 'R') {
      const wchan = readFileSync(task + '/wchan', 'utf8') || '?';
      const sys = readFileSync(task + '/syscall', 'utf8').trim().split(' ');
      const nr = Number(sys[0]);
      const call = nr >= 0 ? (NAMES[nr] || 'syscall ' + nr) + (FD_CALLS.has(nr) ? ' ' + fileOf(Number(sys[1])) : '') : 'no syscall (page fault?)';
      what = state + ' ' + wchan + ' / ' + call;
    }
  } catch {}
  const t = now();
  if (current !== null && current[2] === what) { current[1] = t; return; }
  if (current !== null && current[2] !== null) runs.push(current);
  current = [t, t, what];
}
const timer = setInterval(sample, 1);
parentPort.on('message', (windows) => {
  clearInterval(timer);
  if (current !== null && current[2] !== null) runs.push(current);
  // Only what fell inside a stall window goes back.
  parentPort.postMessage(runs.filter((r) => windows.some(([from, to]) => r[1] >= from && r[0] <= to)));
});
`;

export function watchStalls(options: { stallMs: number; offCpu: boolean }) {
  const stalls: Stall[] = [];
  const gcs: { start: number; end: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const sampler = options.offCpu ? new Worker(SAMPLER, { eval: true, workerData: { pid: process.pid } }) : null;
  const started = performance.now();
  let last = started;
  let lastTimes = mainThreadTimes();
  const timer = setInterval(() => {
    const at = performance.now();
    const times = mainThreadTimes();
    const late = at - last - TICK_MS;
    if (late > options.stallMs) {
      const diff = (pick: (t: ThreadTimes) => number, less = 0) => (times === null || lastTimes === null ? null : Math.max(0, pick(times) - pick(lastTimes) - less));
      // The interval is the stall plus one tick: the tick's share is taken off the thread's CPU.
      const cpuMs = diff((t) => t.cpuMs, TICK_MS);
      const waitMs = diff((t) => t.waitMs);
      const from = at - late - TICK_MS;
      stalls.push({
        at: (at - started) / 1000,
        ms: late,
        cpuMs,
        waitMs,
        asleepMs: cpuMs === null || waitMs === null ? null : Math.max(0, late - cpuMs - waitMs),
        majorFaults: diff((t) => t.majorFaults),
        gcMs: gcs.filter((g) => g.end > from && g.start < at).reduce((sum, g) => sum + Math.min(g.end, at) - Math.max(g.start, from), 0),
        endUs: Number(process.hrtime.bigint() / 1000n),
      });
    }
    // GC entries older than any stall still to come are of no use.
    while (gcs.length > 0 && (gcs[0] as { end: number }).end < at - 10_000) gcs.shift();
    last = at;
    lastTimes = times;
  }, TICK_MS);

  return {
    /** Stop watching; with offCpu, each stall gets what the main thread was asleep in. */
    async stop(): Promise<Stall[]> {
      clearInterval(timer);
      gcObserver.disconnect();
      if (sampler !== null) {
        const windows = stalls.map((s) => [s.endUs - (s.ms + TICK_MS) * 1000, s.endUs]);
        const runs = await new Promise<[number, number, string][]>((resolve) => {
          sampler.once('message', resolve);
          sampler.postMessage(windows);
        });
        await sampler.terminate();
        for (const [i, stall] of stalls.entries()) {
          const [from, to] = windows[i] as [number, number];
          const asleepIn: Record<string, number> = {};
          for (const [a, b, what] of runs) {
            // A run is as long as its samples span, plus the millisecond of its last sample.
            const ms = (Math.min(b + 1000, to) - Math.max(a, from)) / 1000;
            if (ms > 0) asleepIn[what] = (asleepIn[what] ?? 0) + ms;
          }
          stall.asleepIn = asleepIn;
        }
      }
      return stalls;
    },
  };
}

/** One line per stall: its length and where the time went. */
export function describeStall(s: Stall): string {
  const part = (v: number | null, what: string) => (v === null ? '' : `, ${v.toFixed(0)} ${what}`);
  const asleepIn = Object.entries(s.asleepIn ?? {})
    .filter(([, ms]) => ms >= 1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([what, ms]) => `${ms.toFixed(0)} ms ${what}`)
    .join('; ');
  return (
    `${s.at.toFixed(1)} s: ${s.ms.toFixed(0)} ms (${s.cpuMs?.toFixed(0) ?? '?'} on CPU${part(s.waitMs, 'waiting for a core')}${part(s.asleepMs, 'asleep')}` +
    `${s.majorFaults ? `, ${s.majorFaults} major faults` : ''}${s.gcMs >= 1 ? `, GC ${s.gcMs.toFixed(0)} ms` : ''})${asleepIn === '' ? '' : ` asleep in: ${asleepIn}`}`
  );
}
