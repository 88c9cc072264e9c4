import type { Browser, Page } from 'playwright';
import { openSqliteStore } from '../../electron/core/db/store';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { startHttpHost } from '../../electron/server/http-host';
import { startKamailioRouter } from '../../electron/server/pbx/kamailio-router';
import { seededRandom } from '../../electron/core/seed/random';
import { openAgentPage } from '../support/agent-page';
import { BENCH_LIMITS } from '../support/bench-limits';
import { launchChromium } from '../support/browser';
import { signedInContext, supervisorContext } from '../support/seeded-core';
import { sipBurst } from '../support/sip-burst';
import { LAB, LAB_AGENTS, LAB_PHONE, LAB_QUEUES, sipLabMissing, startSipLab } from '../support/sip-rig';
import { signOutAgentsExcept } from './bench-agents';
import { benchDatabase } from './bench-database';
import { productionRendererDist } from '../support/renderer-build';

/**
 * `npm run bench -- routing-pop [--samples N]` (renderer build required): N callers to a queue number
 * through the lab's Kamailio, routed by Frontline to three agents in Chromium, one caller about every
 * 250 ms (each rings ~150 ms, then cancels). For every routed INVITE the page notes whether the pop the
 * router pushed had already been painted when the INVITE arrived (RoutedPreview's "routed-painted" mark).
 */
export async function routingPopBench(args: { customers: number; samples: number }): Promise<void> {
  const missing = sipLabMissing({ routing: true });
  if (missing !== null) {
    console.log(`routing-pop benchmark skipped: ${missing}`);
    return;
  }
  const calls = Math.min(args.samples, 1_000);
  const file = await benchDatabase(args.customers);
  const rig = await startSipLab({ routing: true });
  const core = await createCore({ quickStart: true, store: openSqliteStore(file), logger: createLogger('bench', 'warn'), validateOutput: false });
  const host = await startHttpHost({ core, staticDir: productionRendererDist(), limits: BENCH_LIMITS });
  const browser: Browser = await launchChromium();
  let router: Awaited<ReturnType<typeof startKamailioRouter>> | null = null;
  try {
    const raw = core.connection.raw;
    const maxId = (raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
    const phoneOf = raw.prepare<[number], { e164: string }>('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1');
    const r = seededRandom(17);
    const numbers = Array.from({ length: calls }, () => phoneOf.get(r.int(1, maxId))?.e164 ?? '+442079460958');
    const supervisor = await supervisorContext(core);
    await core.dispatch('queues.create', { name: 'Billing' }, supervisor);
    await signOutAgentsExcept(core, new Set(LAB_AGENTS));
    // A desk an earlier run left mid-call on the shared file (a crashed `sip` bench left 1001 "Ringing")
    // would never become Available: its session is ended, so the page starts a fresh one.
    for (const extension of LAB_AGENTS) await core.dispatch('agent.signOut', {}, await signedInContext(core, extension));
    const pages: Page[] = [];
    for (const extension of LAB_AGENTS) {
      const page = await openAgentPage(browser, host.url, { name: `Agent ${extension}`, extension }, { ...LAB_PHONE, username: extension });
      await becomeAvailable(page, extension);
      pages.push(page);
    }
    const created = await core.dispatch('pbx.createCredential', { label: 'Bench Kamailio' }, supervisor);
    if (!created.ok) throw new Error(created.error.message);
    router = await startKamailioRouter({ core, host: '127.0.0.1', port: LAB.evapiPort, token: (created.value as { token: string }).token, reconnectMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const callers = await sipBurst({ calls, perSecond: 4, service: LAB_QUEUES.billing, caller: (i) => numbers[i] ?? '+442079460958', holdMs: 150, timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    let before = 0;
    let after = 0;
    let absent = 0;
    for (const page of pages) {
      const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
      before += marks.filter((m) => m.startsWith('routed-pop-before-invite:')).length;
      after += marks.filter((m) => m.startsWith('routed-pop-after-invite:')).length;
      absent += marks.filter((m) => m.startsWith('routed-pop-missing:')).length;
    }
    const routed = before + after + absent;
    const rang = callers.filter((c) => c.provisional.includes(180)).length;
    console.log(`\nThe pop before the ring: ${calls} callers to a queue, 3 agents in Chromium, ${maxId} customers; goal ≥ 99% painted before the INVITE`);
    console.log(`callers rung at a desk (180): ${rang}; routed INVITEs at the pages: ${routed}`);
    console.log(`  pop painted before the INVITE arrived: ${before} (${routed === 0 ? '-' : ((100 * before) / routed).toFixed(1)}%)`);
    console.log(`  pop pushed but not yet painted:        ${after}`);
    console.log(`  pop not there when the INVITE came:    ${absent}`);
  } finally {
    await router?.stop();
    await browser.close();
    await host.close();
    await core.close();
    await rig.stop();
  }
}

/**
 * Click Available until the desk says so (bounded). One look at the button was not enough: while the
 * desk's first presence request is in flight the button is disabled, and a desk an earlier (crashed)
 * run left in another state needs the click — the run then waited 30 s for a state nobody asked for.
 */
async function becomeAvailable(page: Page, extension: string): Promise<void> {
  const state = page.getByTestId('agent-state');
  const available = page.getByRole('button', { name: 'Available' });
  const deadline = Date.now() + 20_000;
  while (((await state.textContent()) ?? '') !== 'Available') {
    if (Date.now() > deadline) throw new Error(`agent ${extension} did not become Available within 20 s (the desk shows "${await state.textContent()}")`);
    if (await available.isEnabled()) await available.click().catch(() => undefined);
    await page.waitForTimeout(200);
  }
}
