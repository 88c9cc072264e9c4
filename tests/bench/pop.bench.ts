import { openSqliteStore } from '../../electron/core/db/store';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { BENCH_LIMITS } from '../support/bench-limits';
import { startHttpHost } from '../../electron/server/http-host';
import { seededRandom } from '../../electron/core/seed/random';
import { measures, openAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { benchDatabase } from './bench-database';
import { printLatencyTable } from './stats';
import { WebSocket } from 'ws';
import { productionRendererDist } from '../support/renderer-build';

/**
 * INVITE reaching the page → screen pop painted, over the demo line (sip.js in headless
 * Chromium, lookup over WebSocket against the 1M-customer database).
 * Goal from the issue: p99 ≤ one frame (16.7 ms).
 */
export async function popBench(args: { customers: number; samples: number }): Promise<void> {
  const calls = Math.max(200, Math.min(args.samples, 1_000));
  const file = await benchDatabase(args.customers);
  const core = await createCore({ quickStart: true, store: openSqliteStore(file), logger: createLogger('bench', 'warn'), validateOutput: false });
  const host = await startHttpHost({ core, staticDir: productionRendererDist(), limits: BENCH_LIMITS });
  const raw = core.connection.raw;
  const maxId = (raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
  const phoneOf = raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1');

  const browser = await launchChromium();
  const page = await openAgentPage(browser, host.url, { name: 'Bench Agent', extension: 'bench' });

  const ws = new WebSocket(`${host.url.replace('http', 'ws')}api`);
  await new Promise((resolve) => ws.once('open', resolve));
  let id = 0;
  const call = (method: string, params: unknown): Promise<void> =>
    new Promise((resolve) => {
      const mine = ++id;
      const onMessage = (data: unknown): void => {
        if ((JSON.parse(String(data)) as { id?: number }).id === mine) {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  await call('agent.signIn', { name: 'Bench Agent', extension: 'bench' });

  const r = seededRandom(7);
  for (let i = 0; i < calls + 20; i++) {
    const e164 = phoneOf.get(r.int(1, maxId))?.e164 ?? '+442079460958';
    await call('demoLine.callNow', { e164, displayName: null });
    await page.locator('[data-pop-state="customer"], [data-pop-state="chooser"]').waitFor();
    await page.waitForFunction((n) => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('pop-painted:')).length >= n, i + 1);
    await page.keyboard.press('Alt+N');
    await page.getByTestId('call-ringing').waitFor({ state: 'detached' });
  }
  const painted = await measures(page, 'pop-painted:');
  const data = await measures(page, 'pop-data:');
  const sent = await measures(page, 'pop-request:');
  const firstFrame = await measures(page, 'invite-frame:');
  ws.close();
  await browser.close();
  await host.close();
  await core.close();
  // The first 20 warm up the JIT, the page and the database cache.
  printLatencyTable(`INVITE at the page → pop painted, ${calls} calls, ${maxId} customers (goal: p99 ≤ 16.7 ms)`, [
    { label: 'lookup request sent', samplesMs: sent.slice(20) },
    { label: 'lookup answered in the page', samplesMs: data.slice(20) },
    { label: 'first frame painted after the INVITE', samplesMs: firstFrame.slice(20) },
    { label: 'pop painted', samplesMs: painted.slice(20) },
  ]);
}
