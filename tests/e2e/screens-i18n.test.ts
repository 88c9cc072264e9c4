import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { seriousA11yViolations } from '../support/a11y';
import { englishOnPage } from '../support/english-on-page';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { createFloor, type Floor } from '../support/floor-sim';
import { serveApp, type ServedApp } from '../support/served-app';
import { TEST_SUPERVISOR_PASSWORD } from '../support/seeded-core';

/** The desk and the board in each locale at each size: axe-clean, screenshots for docs/screenshots/i18n. */
const LOCALES = ['en-GB', 'de-DE', 'en-XA'] as const;
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
const SLOW = { timeout: 30_000 };
const DIR = join(REPO_ROOT, 'docs', 'screenshots', 'i18n');

let app: ServedApp;
let browser: Browser;
let floor: Floor;

beforeAll(async () => {
  app = await serveApp(300);
  floor = await createFloor(app.fx.core, { agents: 8, eventsPerSecond: 8, seed: 3, teams: ['Front office', 'Retention squad'] });
  floor.start();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await floor.pause();
  browser = await launchChromium();
  if (process.env.UPDATE_SCREENSHOTS === '1') mkdirSync(DIR, { recursive: true });
}, 90_000);

afterAll(async () => {
  await floor?.stop();
  await browser?.close();
  await app?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(DIR, `${name}.png`) });
}

async function signIn(page: Page, lang: string, who: { extension: string; name?: string; password?: string }): Promise<void> {
  await page.goto(`${app.host.url}?lang=${lang}`);
  await page.locator('input[name="extension"]').fill(who.extension);
  if (who.password !== undefined) await page.locator('input[name="password"]').fill(who.password);
  if (who.name !== undefined) await page.locator('input[name="name"]').fill(who.name);
  await page.locator('form[aria-labelledby="sign-in-title"] button[type="submit"]:not([disabled])').click();
}

/** Laid out again at the new size: two frames after the resize (charts follow a ResizeObserver). */
async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * One signed-in page per locale, resized through the three sizes at each step (a sign-in, a call
 * and a supervisor's password check per size cost more than the checks themselves): every screen
 * is axe-checked and photographed at every size; the board's dialogs once per locale, at the
 * smallest size, where they are most cramped. In the pseudo-locale no plain English may be left
 * on the board or in any of its dialogs.
 */
describe('the desk and the board in three locales at three sizes (browser, axe, screenshots)', () => {
  let n = 0;
  for (const lang of LOCALES) {
    it(`desk ${lang} at each size: ringing, on a call, wrap-up with the card — axe clean, no English left in the call bar and wrap-up`, async () => {
      const extension = String(1500 + n++);
      const page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
      await signIn(page, lang, { extension, name: 'Lena Locale' });
      await page.locator('[data-testid="registration"][data-state="registered"]').waitFor(SLOW);
      await page.keyboard.press('Alt+A');
      await expect.poll(() => page.locator('.state').getAttribute('class')).toContain('state-available');
      const driver = await app.client(extension, page);
      const atEachSize = async (step: string, check: (tag: string) => Promise<void>): Promise<void> => {
        for (const size of SIZES) {
          await resize(page, size);
          const tag = `${size.width}x${size.height}-${lang}`;
          expect(await seriousA11yViolations(page), `${step} ${tag}`).toEqual([]);
          await check(tag);
        }
      };
      try {
        expect((await driver.call('demoLine.callNow', { e164: '+442079460958', displayName: 'Olivia Bennett' })).ok).toBe(true);
        await page.getByTestId('call-ringing').waitFor(SLOW);
        await page.getByTestId('pop').getByRole('heading', { name: 'Olivia Bennett' }).waitFor(SLOW);
        await atEachSize('ringing', (tag) => shot(page, `desk-ringing-${tag}`));
        await page.keyboard.press('Alt+Y');
        await page.getByTestId('call-active').waitFor(SLOW);
        if (lang !== 'en-GB') expect(await page.locator('.call-bar').innerText()).not.toMatch(/\b(Hang up|Hold|On call|Phone:)\b/);
        await atEachSize('call', (tag) => shot(page, `desk-call-${tag}`));
        await page.keyboard.press('Alt+E');
        const form = page.locator('form.wrap-up');
        await form.waitFor(SLOW);
        await page.getByTestId('customer-card').getByRole('heading', { name: 'Olivia Bennett' }).waitFor(SLOW);
        // The form's own words (dispositions are the centre's data, the caller's "says:" a stored record).
        if (lang !== 'en-GB') expect((await form.locator('legend, .wrap-up-foot, label.field').allInnerTexts()).join(' ')).not.toMatch(/\b(Disposition|Resolved on|Notes|Callback|Submit|Draft saved|After this call)\b/);
        await page.keyboard.press('1');
        await page.keyboard.press('Y');
        await atEachSize('wrap-up', (tag) => shot(page, `desk-wrap-up-${tag}`));
        await page.keyboard.press('S');
        await form.waitFor({ state: 'detached', ...SLOW });
      } finally {
        driver.close();
        await page.context().close();
      }
    }, 150_000);

    it(`board ${lang} at each size, and each of its dialogs: axe clean${lang === 'en-XA' ? ', no plain English left' : ''}`, async () => {
      const extension = String(9800 + n++);
      await upsertSupervisor(app.fx.core.connection.db, { name: 'Sam Screens', extension, password: TEST_SUPERVISOR_PASSWORD }, Date.now());
      const page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
      const noEnglish = async (what: string): Promise<void> => {
        if (lang === 'en-XA') expect(await englishOnPage(page, 'body'), what).toEqual([]);
      };
      try {
        await signIn(page, lang, { extension, password: TEST_SUPERVISOR_PASSWORD });
        await page.locator('[data-testid="board-status"][data-status="live"]').waitFor(SLOW);
        await expect.poll(() => page.locator('tr.agent-row').count(), SLOW).toBeGreaterThan(0);
        await page.locator('.board-trends').waitFor(SLOW);
        for (const size of SIZES) {
          await resize(page, size);
          const tag = `${size.width}x${size.height}-${lang}`;
          expect(await seriousA11yViolations(page), `board ${tag}`).toEqual([]);
          await shot(page, `board-${tag}`);
        }
        await noEnglish('board');
        await resize(page, SIZES[0]);
        const dialog = page.locator('dialog[open]');
        const closeDialog = async (): Promise<void> => {
          await page.keyboard.press('Escape');
          await dialog.waitFor({ state: 'detached', ...SLOW });
        };
        // Each of the board's dialogs, opened from its button in the board's header.
        let opened = 0;
        for (const opener of await page.locator('.board-toolbar > button').all()) {
          if (!(await opener.isVisible()) || !(await opener.isEnabled())) continue;
          const name = await opener.innerText();
          await opener.click();
          await dialog.waitFor(SLOW);
          // Wait for what the dialog loads (its "Loading…" line goes).
          await expect.poll(() => dialog.locator('p.muted').filter({ hasText: /…\s*(~\s*)*\]?$/ }).count(), SLOW).toBe(0);
          expect(await seriousA11yViolations(page), `dialog ${name}`).toEqual([]);
          await noEnglish(`dialog ${name}`);
          await shot(page, `board-dialog-${++opened}-${lang}`);
          await closeDialog();
        }
        expect(opened).toBe(4);
        // The calls behind a number, with one call's routing trail open.
        await page.locator('[data-testid="centre-summary"] .cell-button').first().click();
        await dialog.locator('table.drill-table tbody tr').first().waitFor(SLOW);
        await dialog.locator('table.drill-table tbody th button').first().click();
        await dialog.locator('[data-testid="routing-trail"], td p').first().waitFor(SLOW);
        expect(await seriousA11yViolations(page), 'drill-down').toEqual([]);
        await noEnglish('drill-down');
        await shot(page, `board-drill-${lang}`);
        await closeDialog();
        // A supervisor changing an agent's state.
        await page.locator('tr.agent-row button.row-action:not([disabled])').first().click();
        await dialog.waitFor(SLOW);
        expect(await seriousA11yViolations(page), 'state dialog').toEqual([]);
        await noEnglish('state dialog');
        await shot(page, `board-state-dialog-${lang}`);
        await closeDialog();
      } finally {
        await page.context().close();
      }
    }, 150_000);
  }
});
