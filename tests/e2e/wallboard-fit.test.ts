import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { createFloor, type Floor } from '../support/floor-sim';
import { textOverflow } from '../support/overflow';
import { serveApp, type ServedApp } from '../support/served-app';
import { supervisorContext } from '../support/seeded-core';

const SLOW = { timeout: 30_000 };
/** A TV's sizes from the smallest laptop-class screen to 4K. */
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
/** Twelve queues: more than fit on any of these screens at once. */
const QUEUES = ['Sales', 'Support', 'Billing', 'Retention', 'Claims', 'Renewals', 'Business', 'Premier', 'Returns', 'Delivery', 'Technical', 'Welsh line'];
/** What a piece of text belongs to on the wallboard: it must stay inside it. */
const BOXES = '.wb-big, .queue-facts > div, .queue-tile, .wb-agent, .wb-header, .wb-alerts, .wb-section-title, .wb-page, .wb-count, .wb-views li, .trend';

let app: ServedApp;
let browser: Browser;
let floor: Floor;
let token: string;

beforeAll(async () => {
  app = await serveApp(300);
  const boss = await supervisorContext(app.fx.core);
  const created = await app.fx.core.dispatch('wallboard.createToken', { label: 'Floor TV' }, boss);
  if (!created.ok) throw new Error(created.error.message);
  token = (created.value as { token: string }).token;
  // Queues come from supervisors, never from a call's header (ADR 0022): create them as a supervisor would.
  for (const name of QUEUES) {
    const queue = await app.fx.core.dispatch('queues.create', { name }, boss);
    if (!queue.ok) throw new Error(queue.error.message);
  }
  floor = await createFloor(app.fx.core, { agents: 40, eventsPerSecond: 40, seed: 5, queues: QUEUES });
  floor.start();
  await new Promise((resolve) => setTimeout(resolve, 6000));
  await floor.pause();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await floor?.stop();
  await browser?.close();
  await app?.close();
});

async function wallboardAt(screen: { width: number; height: number }, query: string, lang = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ viewport: screen });
  const page = await context.newPage();
  await page.goto(`${app.host.url}?lang=${lang}#/wallboard?token=${encodeURIComponent(token)}${query}`);
  await page.locator('main.wallboard[data-phase="ready"]').waitFor(SLOW);
  await expect.poll(() => page.getByTestId('wallboard-status').getAttribute('data-status'), SLOW).toBe('live');
  return page;
}

const shot = (name: string) => join(REPO_ROOT, 'docs', 'screenshots', 'wallboard', `${name}.png`);

describe('the wallboard fits any screen (browser, DOM overflow check)', () => {
  for (const screen of SCREENS) {
    const size = `${screen.width}x${screen.height}`;
    it(`at ${size}: every queue reachable page by page, no text outside its box, nothing scrolls`, async () => {
      const page = await wallboardAt(screen, '&cycle=3');
      const seen = new Set<string>();
      const pager = page.getByTestId('wallboard-queue-page');
      await pager.waitFor(SLOW);
      const pages = Number(await pager.getAttribute('data-pages'));
      expect(pages).toBeGreaterThan(1);
      for (let p = 1; p <= pages; p++) {
        await expect.poll(() => pager.getAttribute('data-page'), SLOW).toBe(String(p));
        for (const name of await page.locator('.queue-tile h3').allTextContents()) seen.add(name);
        expect(await textOverflow(page, 'main.wallboard', BOXES), `queues page ${p}`).toEqual([]);
        if (p === 1 && screen.width !== 1440 && process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: shot(`queues-${size}`) });
      }
      expect([...seen].sort()).toEqual([...QUEUES].sort());
      await expect.poll(() => page.locator('main.wallboard').getAttribute('data-view'), SLOW).toBe('agents');
      expect(await textOverflow(page, 'main.wallboard', BOXES), 'agents').toEqual([]);
      await expect.poll(() => page.locator('main.wallboard').getAttribute('data-view'), SLOW).toBe('trends');
      await page.getByRole('figure', { name: 'Service level per interval' }).waitFor(SLOW);
      expect(await textOverflow(page, 'main.wallboard', BOXES), 'trends').toEqual([]);
      await page.context().close();
    }, 90_000);
  }
});

describe('the wallboard in German and in the pseudo-locale (longer, accented strings) still fits', () => {
  for (const lang of ['de-DE', 'en-XA']) {
    for (const screen of SCREENS.filter((s) => s.width !== 1440)) {
      const size = `${screen.width}x${screen.height}`;
      it(`${lang} at ${size}: queues and agents without text outside its box`, async () => {
        for (const view of ['queues', 'agents'] as const) {
          const page = await wallboardAt(screen, `&view=${view}`, lang);
          await expect.poll(() => page.locator('main.wallboard').getAttribute('data-view'), SLOW).toBe(view);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang === 'en-XA' ? 'en' : lang);
          expect(await textOverflow(page, 'main.wallboard', BOXES), `${lang} ${view}`).toEqual([]);
          if (view === 'queues' && process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: shot(`queues-${size}-${lang}`) });
          await page.context().close();
        }
      }, 60_000);
    }
  }
});
