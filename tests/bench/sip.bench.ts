import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { seededRandom } from '../../electron/core/seed/random';
import { startHttpHost } from '../../electron/server/http-host';
import { measures, openAgentPage } from '../support/agent-page';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { LAB, LAB_PHONE, sipLabMissing, startSipLab } from '../support/sip-rig';
import { benchDatabase } from './bench-database';
import { printLatencyTable } from './stats';

/**
 * The real SIP path: sipp (carrier) → Kamailio → rtpengine → sip.js in headless Chromium, the app
 * auto-answering, the pop looked up in the 1M-customer database.
 * Reports INVITE on the wire → 200 OK (sipp's response time) and INVITE at the page → pop painted.
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
  const core = await createCore({ dbFile: file, logger: createLogger('bench', 'warn'), validateOutput: false });
  const host = await startHttpHost({ core, staticDir: join(REPO_ROOT, 'renderer', 'dist') });
  const browser = await launchChromium();
  const work = mkdtempSync(join(tmpdir(), 'frontline-sip-bench-'));
  try {
    const page = await openAgentPage(browser, host.url, { name: 'Bench Agent', extension: LAB.user }, { ...LAB_PHONE, autoAnswer: true });
    const pageErrors = new Set<string>();
    page.on('console', (m) => m.type() === 'error' && pageErrors.add(m.text().slice(0, 200)));
    // Callers: random customers' numbers, one per call, fed to sipp as an injection file.
    const raw = core.connection.raw;
    const maxId = (raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
    const phoneOf = raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1');
    const r = seededRandom(11);
    const numbers = Array.from({ length: calls }, () => phoneOf.get(r.int(1, maxId))?.e164 ?? '+442079460958');
    writeFileSync(join(work, 'callers.csv'), `SEQUENTIAL\n${numbers.join('\n')}\n`);
    const sipp = spawn(
      '/usr/bin/sipp',
      [
        `127.0.0.1:${LAB.sipPort}`,
        '-sf', join(REPO_ROOT, 'tests', 'e2e', 'sip', 'uac-quick.xml'),
        '-inf', join(work, 'callers.csv'),
        '-key', 'display', 'Bench Caller',
        '-s', LAB.user,
        '-i', '127.0.0.1',
        '-p', '6900',
        '-mp', '7900',
        '-m', String(calls),
        '-l', '1',
        '-r', '4',
        '-d', '300',
        '-nostdin',
        '-trace_rtt',
        '-trace_err',
        '-rtt_freq', '1',
        '-timeout', `${calls}s`,
      ],
      { cwd: work, env: { ...process.env, TZ: 'UTC' } },
    );
    let output = '';
    sipp.stdout.on('data', (d: Buffer) => (output += d.toString()));
    sipp.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => sipp.once('exit', resolve));
    const rttFile = readdirSync(work).find((f) => f.endsWith('_rtt.csv'));
    if (rttFile === undefined) throw new Error(`sipp wrote no response times (exit ${code}):\n${output.slice(-2000)}`);
    const rttText = readFileSync(join(work, rttFile), 'utf8');
    if (code !== 0) {
      const errFile = readdirSync(work).find((f) => f.endsWith('_errors.log'));
      const errors = errFile === undefined ? '' : readFileSync(join(work, errFile), 'utf8');
      const kinds = [...new Set(errors.split('\n').filter((l) => /Aborting|unexpected|Unexpected|timeout/i.test(l)).map((l) => l.replace(/^.*?: /, '').slice(0, 160)))];
      console.log(`sipp reported failed calls: ${kinds.slice(0, 3).join(' | ')}`);
      console.log(`page errors: ${[...pageErrors].slice(0, 5).join(' | ')}`);
    }
    // Header "Date_ms;response_time_ms;rtd_no", then one line per call.
    const answer = rttText
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(';')[1]))
      .filter((ms) => Number.isFinite(ms));
    const painted = await measures(page, 'pop-painted:');
    const data = await measures(page, 'pop-data:');
    printLatencyTable(`Real SIP, ${calls} calls (sipp exit ${code}), ${maxId} customers`, [
      { label: 'INVITE on the wire → 200 OK', samplesMs: answer },
      { label: 'INVITE at page → lookup answered', samplesMs: data },
      { label: 'INVITE at page → pop painted', samplesMs: painted },
    ]);
  } finally {
    await browser.close();
    await host.close();
    await core.close();
    await rig.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
