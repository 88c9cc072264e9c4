import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { serveApp, type ServedApp } from '../support/served-app';
import { queryRow } from '../support/test-stores';
import { axeViolations } from '../support/a11y';

/**
 * The wrap-up's callback date and time follow the page's locale, not the browser's: the browser
 * here is en-US (whose native datetime-local input shows mm/dd/yyyy) and the page en-GB or de-DE.
 * Screenshots in docs/screenshots/callback-*.png with UPDATE_SCREENSHOTS=1.
 */
const SLOW = { timeout: 30_000 };
const DIR = join(REPO_ROOT, 'docs', 'screenshots');
let app: ServedApp;
let browser: Browser;

beforeAll(async () => {
  app = await serveApp(100);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const CASES = [
  { lang: 'en-GB', pattern: 'DD/MM/YYYY, HH:MM', typed: '03/12/2026, 14:30', picked: '04/12/2026, 09:15', extension: '1611' },
  { lang: 'de-DE', pattern: 'TT.MM.JJJJ, HH:MM', typed: '03.12.2026, 14:30', picked: '04.12.2026, 09:15', extension: '1612' },
] as const;

async function wrapUpOnPage(lang: string, extension: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${app.host.url}?lang=${lang}`);
  await page.locator('input[name="extension"]').fill(extension);
  await page.locator('input[name="name"]').fill('Cal Locale');
  await page.locator('form[aria-labelledby="sign-in-title"] button[type="submit"]:not([disabled])').click();
  await page.locator('[data-testid="registration"][data-state="registered"]').waitFor(SLOW);
  await page.keyboard.press('Alt+A');
  await expect.poll(() => page.locator('.state').getAttribute('class'), SLOW).toContain('state-available');
  const driver = await app.client(extension, page);
  try {
    expect((await driver.call('demoLine.callNow', { e164: '+442079460958', displayName: 'Olivia Bennett' })).ok).toBe(true);
  } finally {
    driver.close();
  }
  await page.getByTestId('call-ringing').waitFor(SLOW);
  await page.keyboard.press('Alt+Y');
  await page.getByTestId('call-active').waitFor(SLOW);
  await page.keyboard.press('Alt+E');
  await page.locator('form.wrap-up').waitFor(SLOW);
  return page;
}

describe("the callback's date and time on an en-US browser", () => {
  for (const c of CASES) {
    it(`are written and read as ${c.lang} writes them (${c.pattern}), typed or picked, and stored as that local time`, async () => {
      const page = await wrapUpOnPage(c.lang, c.extension);
      try {
        const form = page.locator('form.wrap-up');
        const field = form.locator('.date-time-field input[type="text"]');
        expect(await field.getAttribute('placeholder')).toBe(c.pattern);
        // No native date-time input is what the agent sees (its display follows the browser: mm/dd/yyyy).
        const native = await form.locator('input[type="datetime-local"]').evaluate((e) => ({ opacity: getComputedStyle(e).opacity, width: e.getBoundingClientRect().width }));
        expect(native.opacity).toBe('0');
        expect(native.width).toBeLessThanOrEqual(1);

        await field.fill(c.typed);
        expect(await field.getAttribute('aria-invalid')).toBe('false');
        await page.keyboard.press('Tab');
        if (process.env.UPDATE_SCREENSHOTS === '1') {
          mkdirSync(DIR, { recursive: true });
          await form.screenshot({ path: join(DIR, `callback-${c.lang}.png`) });
        }

        // The picker's choice is written back in the page's format.
        await form.locator('input[type="datetime-local"]').fill('2026-12-04T09:15');
        await expect.poll(() => field.inputValue()).toBe(c.picked);

        // Not a date: said, in the page's words, and no callback is kept.
        await field.fill('31/02/2026 10:00');
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        await form.getByRole('alert').filter({ hasText: c.pattern }).waitFor(SLOW);

        await field.fill(c.typed);
        expect((await axeViolations(page)).map((v) => `${v.id} (${v.impact})`)).toEqual([]);
        await form.locator('button[type="submit"]').click();
        await form.waitFor({ state: 'detached', ...SLOW });
        const stored = await queryRow<{ callback_at: number | string | null }>(
          app.fx.core.store,
          "SELECT w.callback_at FROM wrap_ups w JOIN calls c ON c.id = w.call_id JOIN agents a ON a.id = c.agent_id WHERE a.extension = ? ORDER BY w.call_id DESC",
          c.extension,
        );
        expect(Number(stored?.callback_at)).toBe(new Date(2026, 11, 3, 14, 30).getTime());
      } finally {
        await page.context().close();
      }
    }, 150_000);
  }

  it('the desk has a top-level heading (axe page-has-heading-one), hidden from sight: the layout is unchanged', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    try {
      await page.goto(app.host.url);
      await page.locator('input[name="extension"]').fill('1613');
      await page.locator('form[aria-labelledby="sign-in-title"] button[type="submit"]:not([disabled])').click();
      await page.locator('main.desk').waitFor(SLOW);
      expect(await page.getByRole('heading', { level: 1 }).allInnerTexts()).toEqual(['Agent desk']);
      expect((await axeViolations(page)).map((v) => v.id)).not.toContain('page-has-heading-one');
      // The desk's first row starts where it did: the heading takes no room.
      const box = await page.locator('.desk-left').boundingBox();
      const main = await page.locator('main.desk').boundingBox();
      expect(box !== null && main !== null && Math.abs(box.y - main.y - 16) < 2).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 90_000);
});
