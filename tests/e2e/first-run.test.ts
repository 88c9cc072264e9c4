import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/a11y';
import { launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/app-process';
import { serveApp, type ServedApp } from '../support/served-app';

/**
 * The desktop's first run (ADR 0038), in Chromium on the real renderer build. The Electron binary
 * cannot run here, so the preload's `window.frontlineDesktop` is stood in for by a recorder that
 * answers as main.ts does (first run; a team server restarts the app); the contract runs over the
 * real host as in browser mode.
 */
let app: ServedApp;

/** docs/screenshots/first-run*.png, refreshed with UPDATE_SCREENSHOTS=1 (as the i18n screens are). */
async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`) });
}
let browser: Browser;

interface Recorded {
  choices: unknown[];
}

async function firstRunPage(locale: string, refuseWith: string | null = null): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
  await context.addInitScript((refusal) => {
    const recorded: Recorded = { choices: [] };
    (window as unknown as { recorded: Recorded }).recorded = recorded;
    (window as unknown as { frontlineDesktop: unknown }).frontlineDesktop = {
      firstRun: async () => recorded.choices.length === 0,
      choose: async (choice: { mode: string }) => {
        recorded.choices.push(choice);
        if (refusal !== null) return { ok: false, problem: refusal };
        return { ok: true, restart: choice.mode === 'server' };
      },
    };
  }, refuseWith);
  const page = await context.newPage();
  await page.goto(app.host.url);
  return page;
}

const choices = (page: Page) => page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded.choices);

describe('desktop first run: this computer or a team server', () => {
  beforeAll(async () => {
    app = await serveApp(50);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('starts on this computer: the choice is saved and sign-in follows', async () => {
    const page = await firstRunPage('en-GB');
    await page.getByRole('heading', { name: 'Welcome to Frontline' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'first-run');
    await page.getByRole('button', { name: 'Start on this computer' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await choices(page)).toEqual([{ mode: 'embedded' }]);
    await page.context().close();
  });

  it('checks a team server address before saving it, then restarts into it', async () => {
    const page = await firstRunPage('en-GB');
    await page.getByLabel('A team server').check();
    const address = page.getByLabel('Server address');
    const connect = page.getByRole('button', { name: 'Connect to this server' });
    await address.fill('frontline.example.com');
    await connect.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not an address/);
    await address.fill('https://frontline.example.com/api');
    await connect.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/must start with wss:\/\//);
    await address.fill('ws://10.0.0.5:5174/api');
    await connect.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/unencrypted/);
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await choices(page)).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'first-run-team-server');

    await address.fill('wss://frontline.example.com/api');
    await page.getByLabel(/certificate to trust/).fill('/etc/frontline/server.pem');
    await connect.click();
    await page.getByText('Frontline restarts to connect to your team server').waitFor();
    expect(await choices(page)).toEqual([{ mode: 'server', url: 'wss://frontline.example.com/api', pinnedCertificate: '/etc/frontline/server.pem' }]);
    await page.context().close();
  });

  it("shows the desktop's refusal (an unreadable certificate) and stays on the choice, in German too", async () => {
    const page = await firstRunPage('de-DE', '/nope.pem is not a PEM certificate');
    await page.getByLabel('Ein Team-Server').check();
    await page.getByLabel('Serveradresse').fill('wss://frontline.example.com/api');
    await page.getByRole('button', { name: 'Mit diesem Server verbinden' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Nicht gespeichert: /nope.pem is not a PEM certificate');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('never shows in a browser, where there is nothing to choose', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.host.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Welcome to Frontline' }).count()).toBe(0);
    await context.close();
  });
});
