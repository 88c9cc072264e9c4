import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { seriousA11yViolations } from '../support/a11y';
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

describe('the desk and the board in three locales at three sizes (browser, axe, screenshots)', () => {
  let n = 0;
  for (const lang of LOCALES) {
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}-${lang}`;
      it(`desk ${tag}: ringing, on a call, wrap-up with the card — axe clean, no English left in the call bar and wrap-up`, async () => {
        const extension = String(1500 + n++);
        const page = await (await browser.newContext({ viewport: size })).newPage();
        await signIn(page, lang, { extension, name: 'Lena Locale' });
        await page.locator('[data-testid="registration"][data-state="registered"]').waitFor(SLOW);
        await page.keyboard.press('Alt+A');
        await expect.poll(() => page.locator('.state').getAttribute('class')).toContain('state-available');
        const driver = await app.client(extension, page);
        try {
          expect((await driver.call('demoLine.callNow', { e164: '+442079460958', displayName: 'Olivia Bennett' })).ok).toBe(true);
          await page.getByTestId('call-ringing').waitFor(SLOW);
          await page.getByTestId('pop').getByRole('heading', { name: 'Olivia Bennett' }).waitFor(SLOW);
          expect(await seriousA11yViolations(page), 'ringing').toEqual([]);
          await shot(page, `desk-ringing-${tag}`);
          await page.keyboard.press('Alt+Y');
          await page.getByTestId('call-active').waitFor(SLOW);
          expect(await seriousA11yViolations(page), 'call').toEqual([]);
          if (lang !== 'en-GB') expect(await page.locator('.call-bar').innerText()).not.toMatch(/\b(Hang up|Hold|On call|Phone:)\b/);
          await shot(page, `desk-call-${tag}`);
          await page.keyboard.press('Alt+E');
          const form = page.locator('form.wrap-up');
          await form.waitFor(SLOW);
          await page.getByTestId('customer-card').getByRole('heading', { name: 'Olivia Bennett' }).waitFor(SLOW);
          expect(await seriousA11yViolations(page), 'wrap-up').toEqual([]);
          // The form's own words (dispositions are the centre's data, the caller's "says:" a stored record).
          if (lang !== 'en-GB') expect((await form.locator('legend, .wrap-up-foot, label.field').allInnerTexts()).join(' ')).not.toMatch(/\b(Disposition|Resolved on|Notes|Callback|Submit|Draft saved|After this call)\b/);
          await page.keyboard.press('1');
          await page.keyboard.press('Y');
          await shot(page, `desk-wrap-up-${tag}`);
          await page.keyboard.press('S');
          await form.waitFor({ state: 'detached', ...SLOW });
        } finally {
          driver.close();
          await page.context().close();
        }
      }, 90_000);

      it(`board ${tag}: axe clean with its dialogs`, async () => {
        const extension = String(9800 + n++);
        await upsertSupervisor(app.fx.core.connection.db, { name: 'Sam Screens', extension, password: TEST_SUPERVISOR_PASSWORD }, Date.now());
        const page = await (await browser.newContext({ viewport: size })).newPage();
        try {
          await signIn(page, lang, { extension, password: TEST_SUPERVISOR_PASSWORD });
          await page.locator('[data-testid="board-status"][data-status="live"]').waitFor(SLOW);
          await expect.poll(() => page.locator('tr.agent-row').count(), SLOW).toBeGreaterThan(0);
          expect(await seriousA11yViolations(page), 'board').toEqual([]);
          await shot(page, `board-${tag}`);
          // Each of the board's dialogs, opened from its button in the board's header.
          for (const opener of await page.locator('.board-toolbar > button').all()) {
            if (!(await opener.isVisible()) || !(await opener.isEnabled())) continue;
            await opener.click();
            const dialog = page.locator('dialog[open]');
            if ((await dialog.count()) === 0) continue;
            expect(await seriousA11yViolations(page), `dialog ${await opener.innerText()}`).toEqual([]);
            await page.keyboard.press('Escape');
            await dialog.waitFor({ state: 'detached', ...SLOW });
          }
        } finally {
          await page.context().close();
        }
      }, 90_000);
    }
  }
});
