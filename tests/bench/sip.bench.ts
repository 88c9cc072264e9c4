import { openSqliteStore } from '../../electron/core/db/store';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { seededRandom } from '../../electron/core/seed/random';
import { BENCH_LIMITS } from '../support/bench-limits';
import { startHttpHost } from '../../electron/server/http-host';
import { measures, openAgentPage } from '../support/agent-page';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { LAB, LAB_PHONE, sipLabMissing, startSipLab } from '../support/sip-rig';
import { benchDatabase } from './bench-database';
import { printLatencyTable } from './stats';

interface SippBatch {
  code: number | null;
  /** sipp's response time 1 per call (INVITE sent → 200 OK), ms; empty for scenarios without one. */
  responseMs: number[];
  failures: string[];
}

/** Run `calls` sequential sipp calls of a scenario, callers from an injection file, in its own folder. */
async function sippBatch(dir: string, scenario: string, callersCsv: string, calls: number, port: number): Promise<SippBatch> {
  mkdirSync(dir, { recursive: true });
  const args = [
    `127.0.0.1:${LAB.sipPort}`,
    ...['-sf', scenario, '-inf', callersCsv, '-key', 'display', 'Bench Caller', '-key', 'pai', 'unused'],
    ...['-s', LAB.user, '-i', '127.0.0.1', '-p', String(port), '-mp', String(port + 1000)],
    ...['-m', String(calls), '-l', '1', '-r', '4', '-d', '600', '-nostdin', '-timeout', `${calls * 2}s`],
    ...['-trace_rtt', '-rtt_freq', '1', '-trace_err'],
  ];
  const sipp = spawn('/usr/bin/sipp', args, { cwd: dir, env: { ...process.env, TZ: 'UTC' } });
  sipp.stdout.resume();
  sipp.stderr.resume();
  const code = await new Promise<number | null>((resolve) => sipp.once('exit', resolve));
  const read = (suffix: string): string => {
    const f = readdirSync(dir).find((name) => name.endsWith(suffix));
    return f === undefined ? '' : readFileSync(join(dir, f), 'utf8');
  };
  // "Date_ms;response_time_ms;rtd_no", then one line per call.
  const responseMs = read('_rtt.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(';')[1]))
    .filter((ms) => Number.isFinite(ms));
  const failures = [...new Set(read('_errors.log').split('\n').filter((l) => /Aborting/.test(l)).map((l) => l.replace(/^.*?: /, '').slice(0, 140)))];
  return { code, responseMs, failures };
}

/**
 * The real SIP path: sipp (carrier) → Kamailio → rtpengine → sip.js in headless Chromium, with the
 * pop looked up in the 1M-customer database. Two runs: callers who give up while it rings (the pop
 * as an agent meets it, before answering), and calls auto-answered (INVITE on the wire → 200 OK).
 */
export async function sipBench(args: { customers: number; samples: number }): Promise<void> {
  const missing = sipLabMissing();
  if (missing !== null) {
    console.log(`sip benchmark skipped: ${missing}`);
    return;
  }
  const calls = Math.max(Number(process.env.FRONTLINE_BENCH_MIN_CALLS ?? 200), Math.min(args.samples, 1_000));
  const file = await benchDatabase(args.customers);
  const rig = await startSipLab();
  const core = await createCore({ quickStart: true, store: openSqliteStore(file), logger: createLogger('bench', 'warn'), validateOutput: false });
  const host = await startHttpHost({ core, staticDir: join(REPO_ROOT, 'renderer', 'dist'), limits: BENCH_LIMITS });
  const browser: Browser = await launchChromium();
  const work = mkdtempSync(join(tmpdir(), 'frontline-sip-bench-'));
  try {
    const raw = core.connection.raw;
    const maxId = (raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
    const phoneOf = raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1');
    const r = seededRandom(11);
    const numbers = Array.from({ length: calls }, () => phoneOf.get(r.int(1, maxId))?.e164 ?? '+442079460958');
    const callers = join(work, 'callers.csv');
    writeFileSync(callers, `SEQUENTIAL\n${numbers.join('\n')}\n`);
    const scenario = (name: string): string => {
      const path = join(work, name);
      writeFileSync(path, readFileSync(join(REPO_ROOT, 'tests', 'e2e', 'sip', name), 'utf8').replace('<sip:[pai]@', '<sip:[field0]@'));
      return path;
    };

    const ringing = await openAgentPage(browser, host.url, { name: 'Bench Agent', extension: LAB.user }, LAB_PHONE);
    const ringRun = await sippBatch(join(work, 'ring'), scenario('uac-cancel.xml'), callers, calls, 6900);
    const ringPainted = await measures(ringing, 'pop-painted:');
    const ringData = await measures(ringing, 'pop-data:');
    const ringFirstFrame = await measures(ringing, 'invite-frame:');
    await ringing.context().close();

    const answering = await openAgentPage(browser, host.url, { name: 'Bench Agent', extension: LAB.user }, { ...LAB_PHONE, autoAnswer: true });
    const answerRun = await sippBatch(join(work, 'answer'), join(REPO_ROOT, 'tests', 'e2e', 'sip', 'uac-quick.xml'), callers, calls, 7400);
    const answerPainted = await measures(answering, 'pop-painted:');

    for (const [name, run] of [['ringing', ringRun], ['answered', answerRun]] as const) {
      if (run.code !== 0) console.log(`${name}: sipp exit ${run.code}; ${run.failures.slice(0, 3).join(' | ')}`);
    }
    printLatencyTable(`Real SIP, ${calls} calls per run, ${maxId} customers (goal for the pop: p99 ≤ 16.7 ms)`, [
      { label: 'ringing: INVITE at page → lookup answered', samplesMs: ringData },
      { label: 'ringing: INVITE at page → first frame painted', samplesMs: ringFirstFrame },
      { label: 'ringing: INVITE at page → pop painted', samplesMs: ringPainted },
      { label: 'auto-answer: INVITE at page → pop painted', samplesMs: answerPainted },
      { label: 'auto-answer: INVITE on the wire → 200 OK', samplesMs: answerRun.responseMs },
    ]);
  } finally {
    await browser.close();
    await host.close();
    await core.close();
    await rig.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
