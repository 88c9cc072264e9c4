import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Browser } from 'playwright';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { createCore } from '../../electron/core/create-core';
import { openPostgresStore } from '../../electron/core/db/store';
import { createLogger } from '../../electron/core/log';
import { seedPostgresOnFirstRun } from '../../electron/core/seed/first-run-postgres';
import { REPO_ROOT, startAppProcess, type AppProcess } from '../support/app-process';
import { connectClient } from '../support/crash-client';
import { createFloorOn, desksInProcess, desksOverWebSocket, type Floor, type FloorOptions } from '../support/floor-sim';
import { boardRowProblems, foldAgentEvents, type EventRow } from '../support/log-checks';
import { openBoard, pageMetrics, share as pageShare, SUPERVISOR, TEAMS, type BoardBenchArgs } from './board.bench';
import { recordPage } from './page-profile';
import { benchPostgresAdminUrl, scratchDatabase } from './bench-postgres';
import { printLatencyTable } from './stats';
import { printPipelineStats } from './pipeline-report';
import type {} from '../../renderer/src/features/board-model/board-probe';
import { productionRendererDist } from '../support/renderer-build';

const INSTANCES = 3;
const SAMPLE_MS = 10_000;
/** How long the board may take to show the last events after the floor stops. */
const CATCH_UP_MS = 30_000;
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) of every process in a process group (a server started through tsx is two processes). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, pgrp 5, utime 14, stime 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks / CLOCK_TICKS;
}

/**
 * CPU seconds of the PostgreSQL server's processes serving this database (its backends and autovacuum
 * workers): PostgreSQL processes (`comm` postgres) whose title names the database. The title alone also
 * matched the server instances, whose command line carries the database URL (`--db postgres://…`): until
 * session 12 their CPU was counted twice, as instances and as PostgreSQL.
 */
function postgresCpuSeconds(database: string): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(database)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks / CLOCK_TICKS;
}

/**
 * How a server instance is started: through tsx, as a team runs it; with FRONTLINE_BENCH_BOARD_CPU_PROF=DIR
 * the board instance runs under `node --cpu-prof` (not allowed in NODE_OPTIONS) and writes its profile
 * there when it stops, for DevTools or tests/bench/cpu-profile.ts. Off by default: profiling costs CPU.
 */
function serverCommand(board: boolean, args: string[]): [string, string[]] {
  const dir = process.env.FRONTLINE_BENCH_BOARD_CPU_PROF ?? '';
  if (!board || dir === '') return [join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), args];
  return [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=500', '--import', 'tsx', ...args]];
}

/**
 * `npm run bench -- board-team [--agents N] [--rate N] [--seconds N]` (issue 14): the live board in
 * team mode. Three real server processes (`npm run serve -- --db postgres://…`, as a team runs
 * them) on one PostgreSQL database; the agents of a simulated floor spread over them, each third
 * with its own WebSocket per agent to its instance (as desks connect), producing call events at a
 * steady total rate; a supervisor's board open in Chromium on the third instance. So two thirds of
 * what the board shows crossed instances: commit → NOTIFY → the board instance reads the log →
 * board delta → the page. Reports agent state change (server clock) → painted, as the board bench
 * does, and whether anything was lost: the page's board against a fold of the whole log once the
 * floor stopped, and the floors' refused events; and each process's CPU. Default 2,000 agents at
 * 200 events/s for 120 s. Needs `npm run build:renderer`; run under the bench and e2e locks.
 */
export async function boardTeamBench(args: BoardBenchArgs): Promise<void> {
  // run.ts fills in the board bench's defaults (500 agents, 50/s): this one's apply unless given.
  const given = (flag: string) => process.argv.includes(`--${flag}`);
  const agents = given('agents') ? (args.agents ?? 2_000) : 2_000;
  const rate = given('rate') ? (args.eventsPerSecond ?? 200) : 200;
  const seconds = given('seconds') ? (args.seconds ?? 120) : 120;
  productionRendererDist();
  const database = await scratchDatabase(benchPostgresAdminUrl(), 'frontline_bench_board_team');
  const servers: AppProcess[] = [];
  const floors: Floor[] = [];
  let closeBrowser: (() => Promise<void>) | null = null;
  const store = openPostgresStore(database.url, { maxConnections: 2 });
  let statsDir: string | null = null;
  try {
    // The team's database as a first start leaves it. Its agents are password-less demo agents (a
    // scrypt check per sign-in would cost the servers minutes of CPU): they sign in here, on a core in
    // this process while the demo line is on, and their desks then resume those sessions on their
    // instance over WebSocket, as desks moving between instances do. The servers start with the demo
    // line off (the floor is their only traffic).
    await seedPostgresOnFirstRun(database.url, 2_000, () => undefined);
    await upsertSupervisor(store.db, SUPERVISOR, Date.now());
    const shares: FloorOptions[] = Array.from({ length: INSTANCES }, (_, i) => ({
      agents: Math.floor(agents / INSTANCES) + (i < agents % INSTANCES ? 1 : 0),
      eventsPerSecond: rate / INSTANCES,
      seed: 11 + i,
      firstExtension: 10_000 + i * 5_000,
      teams: TEAMS,
      signInConcurrency: 8,
    }));
    const signInStarted = performance.now();
    const tokens = new Map<string, string>();
    const signer = await createCore({ quickStart: true, store: openPostgresStore(database.url), logger: createLogger('bench', 'warn'), validateOutput: false });
    try {
      const signedIn = await Promise.all(shares.map((share) => createFloorOn(desksInProcess(signer), share)));
      for (const a of signedIn.flatMap((f) => f.agents)) tokens.set(a.extension, a.token);
    } finally {
      await signer.close();
    }
    // The signer held every desk's connection and stopped: the team would give each desk the disconnect
    // grace (ADR 0069), and 2,000 desks take longer than that to reach their instances on a loaded
    // machine. Their move is the bench's set-up, not a lost connection: forget the signer.
    await store.db.deleteFrom('team_connections').execute();
    await store.db.deleteFrom('team_instances').execute();
    await store.db.insertInto('settings').values({ key: 'demoLine', value: 'false', updated_at: Date.now() }).onConflict((oc) => oc.column('key').doUpdateSet({ value: 'false' })).execute();
    // 700-odd desks per instance from one address: the per-address cap (64) is for the internet, not this bench.
    const env = { FRONTLINE_LOG_LEVEL: 'warn', FRONTLINE_MAX_CONNECTIONS: '4000', FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS: '4000' };
    // Each instance writes where its time goes (electron/core/log/pipeline-stats.ts), printed after the run.
    statsDir = mkdtempSync(join(tmpdir(), 'frontline-board-team-'));
    const statsFiles = Array.from({ length: INSTANCES }, (_, i) => join(statsDir as string, `instance-${i + 1}.jsonl`));
    servers.push(
      ...(await Promise.all(
        statsFiles.map((file, i) =>
          startAppProcess(...serverCommand(i === INSTANCES - 1, ['electron/server/serve.ts', '--port', '0', '--db', database.url]), { ...env, FRONTLINE_PIPELINE_STATS: file }),
        ),
      )),
    );
    const apiUrl = (s: AppProcess) => `${s.url.replace(/^http/, 'ws')}api`;
    floors.push(...(await Promise.all(servers.map((server, i) => createFloorOn(desksOverWebSocket(store.db, apiUrl(server), connectClient, tokens), shares[i] as FloorOptions)))));
    console.log(`board-team bench: ${agents} agents signed in over ${INSTANCES} server processes (pids ${servers.map((s) => s.pid).join(', ')}) in ${((performance.now() - signInStarted) / 1000).toFixed(0)} s`);
    const boardServer = servers[INSTANCES - 1] as AppProcess;
    const page = await openBoard(boardServer.url);
    closeBrowser = async () => page.context().browser()?.close();
    console.log(`  ${rate} call events/s in all for ${seconds} s, board open in Chromium on instance ${INSTANCES} (${boardServer.url})`);

    // The page's main thread: how much of the time it worked (a busy page delays every delta behind it).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const recording = await recordPage(page.context().browser() as Browser, page, 'board-team');
    const cpu = async () => ({
      servers: servers.map((s) => groupCpuSeconds(s.pid)),
      postgres: postgresCpuSeconds('frontline_bench_board_team'),
      bench: process.cpuUsage(),
      page: await pageMetrics(cdp),
    });
    const cpuAtStart = await cpu();
    for (const f of floors) f.start();
    const started = performance.now();
    let last = { at: started, cpu: cpuAtStart };
    let eventsAtLastSample = 0;
    while (performance.now() - started < seconds * 1000) {
      await new Promise((r) => setTimeout(r, Math.min(SAMPLE_MS, seconds * 1000 - (performance.now() - started))));
      const now = { at: performance.now(), cpu: await cpu() };
      const pct = (a: number, b: number) => `${(((a - b) * 100_000) / (now.at - last.at)).toFixed(0)}%`;
      const bench = process.cpuUsage(last.cpu.bench);
      console.log(
        `  t=${Math.round((now.at - started) / 1000)}s events=${floors.map((f) => f.events).join('+')} cpu: instances ${now.cpu.servers.map((c, i) => pct(c, last.cpu.servers[i] ?? 0)).join(' ')}, postgres ${pct(now.cpu.postgres, last.cpu.postgres)}, bench ${(((bench.user + bench.system) / 1000 / (now.at - last.at)) * 100).toFixed(0)}%, page main thread ${pageShare(now.cpu.page, last.cpu.page, 'TaskDuration', now.at - last.at).toFixed(0)}% busy`,
      );
      last = now;
      eventsAtLastSample = floors.reduce((n, f) => n + f.events, 0);
    }
    for (const f of floors) await f.stop();
    await recording.stop();
    const elapsed = (performance.now() - started) / 1000;

    // Nothing lost: the page's board (snapshot + deltas) against a fold of the whole log, once it caught up
    // (the log is read again each time: a timer on some instance, e.g. a wrap-up time box, may still append).
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const stopped = performance.now();
    let problems: string[] = [];
    let rows: EventRow[] = [];
    const agentIds = floors.flatMap((f) => f.agents.map((a) => a.agentId));
    try {
      do {
        rows = (await db.query<EventRow>('SELECT id::int AS id, at::float8 AS at, type, agent_id::int AS agent_id, call_id::int AS call_id, data FROM events ORDER BY id')).rows;
        const shown = await page.evaluate(() => window.__board?.().state ?? null);
        problems = shown === null ? ['no board'] : boardRowProblems(shown, foldAgentEvents(rows), agentIds);
        if (problems.length === 0) break;
        await new Promise((r) => setTimeout(r, 500));
      } while (performance.now() - stopped < CATCH_UP_MS);
    } finally {
      await db.end();
    }
    const caughtUpMs = performance.now() - stopped;
    const eventLatency = await page.evaluate(() => [...(window.__boardEventLatency ?? [])]);
    const renderLatency = await page.evaluate(() => [...(window.__boardRenderLatency ?? [])]);
    const appliedLatency = await page.evaluate(() => [...(window.__boardLatency ?? [])]);
    // Where the page's DOM is (layout and paint grow with it): elements per board panel.
    const domSizes = await page.evaluate(() =>
      [...document.querySelectorAll('.board-panel')].map((panel) => `${panel.getAttribute('aria-labelledby') ?? panel.className} ${panel.querySelectorAll('*').length}`).join(', '),
    );
    const events = floors.reduce((n, f) => n + f.events, 0);
    const refused = floors.flatMap((f) => f.errors);
    const cpuAtEnd = last.cpu;

    printLatencyTable(
      `Board in team mode: ${agents} agents over ${INSTANCES} server processes on one PostgreSQL, ${events} call events in ${elapsed.toFixed(0)} s (${(events / elapsed).toFixed(1)}/s), board on instance ${INSTANCES} (goal: p99 ≤ 1000 ms at 200 events/s, nothing lost)`,
      [
        { label: 'agent state change → painted on the board', samplesMs: eventLatency },
        { label: 'delta sent → applied by the page (last 1000)', samplesMs: appliedLatency },
        { label: 'delta sent → rendered (last 1000)', samplesMs: renderLatency },
      ],
    );
    const share = (a: number, b: number) => `${(((a - b) * 100) / elapsed).toFixed(0)}%`;
    console.log(`cpu over the run (of one core): instances ${cpuAtEnd.servers.map((c, i) => share(c, cpuAtStart.servers[i] ?? 0)).join(' / ')}, postgres backends ${share(cpuAtEnd.postgres, cpuAtStart.postgres)}`);
    // The CPU samples end with the floor's last interval; the events counted are those applied by then.
    const perEvent = (a: number, b: number) => `${(((a - b) * 1000) / Math.max(1, eventsAtLastSample)).toFixed(2)} ms`;
    console.log(
      `cpu per floor event: instances ${cpuAtEnd.servers.map((c, i) => perEvent(c, cpuAtStart.servers[i] ?? 0)).join(' / ')}, postgres backends ${perEvent(cpuAtEnd.postgres, cpuAtStart.postgres)} (${eventsAtLastSample} events)`,
    );
    console.log(`page: ${await page.evaluate(() => document.querySelectorAll('*').length)} elements (${domSizes})`);
    // FRONTLINE_BENCH_SCREENSHOT=FILE.png: the board as the supervisor saw it at the end, to look at.
    const screenshot = process.env.FRONTLINE_BENCH_SCREENSHOT;
    if (screenshot !== undefined && screenshot !== '') await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`the board matched the log ${caughtUpMs.toFixed(0)} ms after the floor stopped; log: ${rows.length} events`);
    try {
      printPipelineStats(
        statsFiles.map((file) => (existsSync(file) ? readFileSync(file, 'utf8') : '')),
        { from: Date.now() - (performance.now() - started), to: Date.now() - (performance.now() - stopped), boardInstance: INSTANCES },
      );
    } catch (error) {
      console.log(`pipeline stats unreadable: ${String(error)}`);
    }
    console.log(`lost: ${problems.length} of ${agentIds.length} board rows differ from the fold of the log${problems.length > 0 ? ` (first: ${problems.slice(0, 3).join('; ')})` : ''}; ${refused.length} call events refused${refused.length > 0 ? ` (last: ${refused.at(-1)})` : ''}`);
  } finally {
    await closeBrowser?.();
    for (const f of floors) await f.close().catch(() => undefined);
    await Promise.all(servers.map((s) => s.stop()));
    await store.close();
    await database.drop();
    if (statsDir !== null) rmSync(statsDir, { recursive: true, force: true });
  }
}
