import { openSqliteStore } from '../../electron/core/db/store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CDPSession, Page } from 'playwright';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import type { BoardAggregator } from '../../electron/core/board/aggregate-thread';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { BENCH_LIMITS } from '../support/bench-limits';
import { startHttpHost } from '../../electron/server/http-host';
import { launchChromium } from '../support/browser';
import { createFloor } from '../support/floor-sim';
import { tempDir } from '../support/temp-dir';
import { printLatencyTable } from './stats';
import type {} from '../../renderer/src/features/board-model/board-probe';
import { productionRendererDist } from '../support/renderer-build';

export interface BoardBenchArgs {
  agents?: number;
  eventsPerSecond?: number;
  seconds?: number;
  /** The soak: run this long (default 30) and compare the second half with the first. */
  minutes?: number;
}

export const SUPERVISOR = { name: 'Bench Supervisor', extension: '9990', password: 'bench-supervisor-password' };
export const TEAMS = ['North', 'South', 'East', 'West', 'Central', 'Night', 'Retention squad', 'Billing desk', 'Sales floor', 'Escalations'];
const SAMPLE_MS = 10_000;
/** Soak figures left out as warm-up (the board's first snapshot, the JIT, today's cache filling). */
const WARM_UP_S = 60;
/** A soak's figures must not grow by more than this between its halves. */
const FLAT_RATIO = 1.1;
/**
 * What the board worker may keep per call of the day (ADR 0064: today's legs and presence, compact):
 * its heap may grow with the day's calls by this much a call and no more.
 */
export const WORKER_BYTES_PER_CALL_BOUND = 600;

interface Sample {
  t: number;
  serverCpuPct: number;
  serverRssMb: number;
  serverHeapMb: number;
  /** Of the RSS: anonymous memory (heaps, malloc) and file pages mapped in (SQLite's mmap of the database file). */
  serverRssAnonMb: number;
  serverRssFileMb: number;
  /** The board worker's heap (its copy of today) and the share of time it was busy since the last sample. */
  workerHeapMb: number;
  workerBusyPct: number;
  pageCpuPct: number;
  /** Of the page's busy time: running script, style recalculation, layout. */
  pageScriptPct: number;
  pageStylePct: number;
  pageLayoutPct: number;
  pageHeapMb: number;
  pageNodes: number;
  events: number;
  /** Calls the floor started so far (today's legs). */
  calls: number;
}

export async function pageMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** How much of the wall time since the last sample the page spent on one kind of work, in %. */
export function share(now: Record<string, number>, before: Record<string, number>, metric: string, wallMs: number): number {
  return (((now[metric] ?? 0) - (before[metric] ?? 0)) * 1000 * 100) / wallMs;
}

/** RssAnon and RssFile of this process, in MB (Linux /proc/self/status; 0 elsewhere). */
function rssParts(): { anon: number; file: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { anon: kb('RssAnon') / 1024, file: (kb('RssFile') + kb('RssShmem')) / 1024 };
  } catch {
    return { anon: 0, file: 0 };
  }
}

/** The server's own collector, so heap samples are what is retained, not garbage waiting for a GC. */
function serverGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A supervisor's board in Chromium, signed in and live. */
export async function openBoard(url: string): Promise<Page> {
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(url);
  await page.getByLabel('Extension', { exact: true }).fill(SUPERVISOR.extension);
  // Only the loopback quick start (the demo line on) asks for a name: a team's server does not.
  const name = page.getByLabel('Your name');
  if ((await name.count()) > 0) await name.fill(SUPERVISOR.name);
  await page.getByLabel(/^Password/).fill(SUPERVISOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="board-status"][data-status="live"]').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * The live board under a busy floor: N simulated agents producing call events at a steady rate
 * for a while, a supervisor's board open in Chromium. Reports agent state change → shown on the
 * board (the row's change time on the server's clock to the frame that paints it), and CPU and
 * memory of the server process and of the board page every 10 s (growth shows as a trend).
 */
export async function boardBench(args: BoardBenchArgs, soak = false): Promise<void> {
  const agents = args.agents ?? 500;
  const rate = args.eventsPerSecond ?? 50;
  const seconds = soak ? Math.round((args.minutes ?? 30) * 60) : (args.seconds ?? 300);
  // A soak samples less often (twelve samples at least), each after a collection on both sides.
  const sampleMs = soak ? Math.min(30_000, Math.max(10_000, (seconds * 1000) / 12)) : SAMPLE_MS;
  const gc = soak ? serverGc() : null;
  /** FRONTLINE_SOAK_HEAP_SNAPSHOTS=DIR: the server's heap after the warm-up and at the end, to compare in DevTools (what grew). */
  const heapSnapshots = soak ? process.env.FRONTLINE_SOAK_HEAP_SNAPSHOTS : undefined;
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'board-bench.db');
  await seedDatabaseFile(dbFile, { customers: 5_000, seed: 42, anchor: Date.now() });
  let aggregator: BoardAggregator | null = null;
  const core = await createCore({
    quickStart: true,
    store: openSqliteStore(dbFile),
    logger: createLogger('bench', 'warn'),
    validateOutput: false,
    wrapBoardAggregator: (real) => (aggregator = real),
  });
  await upsertSupervisor(core.connection.db, SUPERVISOR, Date.now());
  const host = await startHttpHost({ core, staticDir: productionRendererDist(), limits: BENCH_LIMITS });
  const floor = await createFloor(core, { agents, eventsPerSecond: rate, seed: 11, teams: TEAMS });
  const page = await openBoard(host.url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  console.log(`board ${soak ? 'soak' : 'bench'}: ${agents} agents, ${rate} call events/s for ${seconds} s, board open in Chromium`);

  floor.start();
  const samples: Sample[] = [];
  let lastCpu = process.cpuUsage();
  let lastPage = await pageMetrics(cdp);
  let lastAt = performance.now();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await new Promise((r) => setTimeout(r, sampleMs));
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    // The server's heap right after its collection, before anything awaits: read after the page's
    // collection and metrics (CDP round trips), it also counted whatever the floor and the board
    // allocated meanwhile (more the busier the machine), which the next collection would free.
    gc?.();
    const mem = process.memoryUsage();
    const rss = rssParts();
    if (gc !== null) await cdp.send('HeapProfiler.collectGarbage');
    const pm = await pageMetrics(cdp);
    const worker = (await (aggregator as BoardAggregator | null)?.usage({ collect: gc !== null })) ?? { heapUsedBytes: 0, busy: 0 };
    const wall = now - lastAt;
    samples.push({
      t: Math.round((now - started) / 1000),
      serverCpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
      serverRssMb: mem.rss / 2 ** 20,
      serverHeapMb: mem.heapUsed / 2 ** 20,
      serverRssAnonMb: rss.anon,
      serverRssFileMb: rss.file,
      workerHeapMb: worker.heapUsedBytes / 2 ** 20,
      workerBusyPct: (worker.busy ?? 0) * 100,
      pageCpuPct: share(pm, lastPage, 'TaskDuration', wall),
      pageScriptPct: share(pm, lastPage, 'ScriptDuration', wall),
      pageStylePct: share(pm, lastPage, 'RecalcStyleDuration', wall),
      pageLayoutPct: share(pm, lastPage, 'LayoutDuration', wall),
      pageHeapMb: (pm.JSHeapUsedSize ?? 0) / 2 ** 20,
      pageNodes: pm.Nodes ?? 0,
      events: floor.events,
      calls: floor.calls,
    });
    // The next interval starts here for the wall clock as for the CPU (the collections and the
    // sampling's round trips are in neither): its CPU share is then not diluted by the sampling.
    lastCpu = process.cpuUsage();
    lastPage = pm;
    lastAt = performance.now();
    const s = samples.at(-1) as Sample;
    if (heapSnapshots !== undefined && s.t > WARM_UP_S && samples.at(-2)?.t !== undefined && (samples.at(-2) as Sample).t <= WARM_UP_S) {
      console.log(`  server heap snapshot: ${writeHeapSnapshot(join(heapSnapshots, `server-${s.t}s.heapsnapshot`))}`);
    }
    console.log(`  t=${s.t}s events=${s.events} server cpu ${s.serverCpuPct.toFixed(0)}% rss ${s.serverRssMb.toFixed(0)} MB (anon ${s.serverRssAnonMb.toFixed(0)}, file ${s.serverRssFileMb.toFixed(0)}) heap ${s.serverHeapMb.toFixed(0)} MB, worker heap ${s.workerHeapMb.toFixed(0)} MB busy ${s.workerBusyPct.toFixed(0)}% · page cpu ${s.pageCpuPct.toFixed(0)}% heap ${s.pageHeapMb.toFixed(1)} MB`);
  }
  if (heapSnapshots !== undefined) {
    gc?.();
    console.log(`  server heap snapshot: ${writeHeapSnapshot(join(heapSnapshots, `server-${samples.at(-1)?.t ?? 0}s.heapsnapshot`))}`);
  }
  await floor.stop();
  const eventLatency = await page.evaluate(() => [...(window.__boardEventLatency ?? [])]);
  const deltaLatency = await page.evaluate(() => [...(window.__boardRenderLatency ?? [])]);
  const seq = await page.evaluate(() => window.__board?.().seq ?? 0);
  const shown = await page.evaluate(() => {
    const b = window.__board?.().state;
    return { agents: b?.agents.length ?? 0, alerts: b?.alerts.length ?? 0, activeAlerts: b?.alerts.filter((a) => a.active).length ?? 0, alertItems: document.querySelectorAll('.alert-list li').length };
  });
  if (process.env.FRONTLINE_BOARD_SCREENSHOT !== undefined) await page.screenshot({ path: process.env.FRONTLINE_BOARD_SCREENSHOT });
  await page.context().browser()?.close();
  await host.close();
  await core.close();
  tmp.cleanup();

  const elapsed = (samples.at(-1)?.t ?? seconds) || seconds;
  console.log(`board at the end: ${shown.agents} agent rows, ${shown.alerts} alerts (${shown.activeAlerts} active, ${shown.alertItems} listed)`);
  printLatencyTable(
    `Board: ${agents} agents, ${floor.events} call events in ${elapsed} s (${(floor.events / elapsed).toFixed(1)}/s), ${seq} deltas, ${floor.errors.length} refused events (goal: p99 ≤ 1000 ms)`,
    [
      { label: 'agent state change → painted on the board', samplesMs: eventLatency },
      { label: 'delta sent → rendered (last 1000)', samplesMs: deltaLatency },
    ],
  );
  console.log(`\nResources every ${sampleMs / 1000} s${soak ? ' (heaps after a full collection)' : ''} (server = core + host + the simulated floor driving it, one Node process; page = the board tab)`);
  console.log('t s    events  server cpu %  server rss MB  server heap MB  page cpu %  script %  style %  layout %  page heap MB  page DOM nodes');
  for (const s of samples) {
    const cells = [s.t, s.events, s.serverCpuPct.toFixed(1), s.serverRssMb.toFixed(0), s.serverHeapMb.toFixed(1), s.pageCpuPct.toFixed(1)];
    cells.push(s.pageScriptPct.toFixed(1), s.pageStylePct.toFixed(1), s.pageLayoutPct.toFixed(1), s.pageHeapMb.toFixed(1), s.pageNodes);
    console.log(cells.map((v, i) => String(v).padStart([4, 7, 12, 14, 15, 10, 8, 7, 8, 12, 14][i] ?? 8)).join('  '));
  }
  const half = Math.floor(samples.length / 2);
  const avg = (xs: Sample[], f: (s: Sample) => number) => xs.reduce((a, s) => a + f(s), 0) / Math.max(1, xs.length);
  const early = samples.slice(1, Math.max(2, half));
  const late = samples.slice(half);
  if (soak) {
    printHalves(samples);
    return;
  }
  console.log(
    `growth, second half vs first half (after the first sample): server heap ${avg(early, (s) => s.serverHeapMb).toFixed(1)} → ${avg(late, (s) => s.serverHeapMb).toFixed(1)} MB, ` +
      `page heap ${avg(early, (s) => s.pageHeapMb).toFixed(1)} → ${avg(late, (s) => s.pageHeapMb).toFixed(1)} MB, page DOM nodes ${avg(early, (s) => s.pageNodes).toFixed(0)} → ${avg(late, (s) => s.pageNodes).toFixed(0)}`,
  );
}

/**
 * What a supervisor watching all day costs: a figure per half of the run (after the warm-up) and how
 * much it grew. The rule: a figure is flat when its second half's mean is at most FLAT_RATIO times its
 * first half's. Every row counts in the verdict — the board worker's heap and the anonymous RSS too —
 * except the worker's busy share (inside the server's CPU) and the file pages (SQLite's map of the
 * database file: the file's size, reclaimable by the kernel, not memory the process holds). The
 * worker's heap holds today's calls by design (ADR 0058), so it cannot be flat while the day fills:
 * what it grew by per call added is printed beside it and held against WORKER_BYTES_PER_CALL_BOUND.
 */
function printHalves(samples: readonly Sample[]): void {
  const steady = samples.filter((s) => s.t > WARM_UP_S);
  const half = Math.floor(steady.length / 2);
  const first = steady.slice(0, half);
  const second = steady.slice(half);
  const avg = (xs: readonly Sample[], f: (s: Sample) => number) => xs.reduce((a, s) => a + f(s), 0) / Math.max(1, xs.length);
  const rows: [string, (s: Sample) => number, boolean][] = [
    ['server heap MB', (s) => s.serverHeapMb, true],
    ['worker heap MB', (s) => s.workerHeapMb, true],
    ['server rss MB', (s) => s.serverRssMb, true],
    ['  of it anon MB', (s) => s.serverRssAnonMb, true],
    ['  of it file MB', (s) => s.serverRssFileMb, false],
    ['server cpu %', (s) => s.serverCpuPct, true],
    ['  worker busy %', (s) => s.workerBusyPct, false],
    ['page JS heap MB', (s) => s.pageHeapMb, true],
    ['page DOM nodes', (s) => s.pageNodes, true],
    ['page cpu %', (s) => s.pageCpuPct, true],
  ];
  const span = (xs: readonly Sample[]) => `${xs[0]?.t ?? 0}–${xs.at(-1)?.t ?? 0} s`;
  console.log(`\nSoak, second half vs first half (after ${WARM_UP_S} s of warm-up; first ${span(first)}, ${first.length} samples; second ${span(second)}, ${second.length} samples)`);
  console.log(`rule: flat when second-half mean / first-half mean ≤ ${FLAT_RATIO.toFixed(2)}; rows marked (info) are shown, not judged`);
  console.log('figure            first half  second half  ratio  flat');
  const notFlat: string[] = [];
  for (const [label, f, judged] of rows) {
    const a = avg(first, f);
    const b = avg(second, f);
    const ratio = a === 0 ? Number.NaN : b / a;
    const flat = ratio <= FLAT_RATIO;
    if (judged && !flat) notFlat.push(label.trim());
    console.log(`${label.padEnd(16)}  ${a.toFixed(1).padStart(10)}  ${b.toFixed(1).padStart(11)}  ${ratio.toFixed(3).padStart(5)}  ${judged ? (flat ? 'yes' : 'NO') : '(info)'}`);
  }
  const calls = avg(second, (s) => s.calls) - avg(first, (s) => s.calls);
  const perCall = calls > 0 ? ((avg(second, (s) => s.workerHeapMb) - avg(first, (s) => s.workerHeapMb)) * 2 ** 20) / calls : Number.NaN;
  console.log(
    `worker heap per call added: ${perCall.toFixed(0)} B (${calls.toFixed(0)} calls between the halves' means; bound ${WORKER_BYTES_PER_CALL_BOUND} B: ${perCall <= WORKER_BYTES_PER_CALL_BOUND ? 'within' : 'OVER'})`,
  );
  console.log(`all flat: ${notFlat.length === 0 ? 'yes' : `NO (${notFlat.join(', ')})`}`);
}

/** `npm run bench -- soak [--minutes 30] [--agents 500] [--rate 50]`: the board bench for a long run, judged half against half. */
export async function soakBench(args: BoardBenchArgs): Promise<void> {
  await boardBench(args, true);
}
