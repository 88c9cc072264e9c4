import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { startAppProcess, REPO_ROOT, type AppProcess } from '../support/app-process';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { tempDir } from '../support/temp-dir';
import { seriousA11yViolations } from '../support/a11y';

const tmp = tempDir('frontline-e2e-');

let app: AppProcess;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) throw new Error('Chromium is missing: .ci/run installs it with apt (apt-get install chromium)');
  // Exactly what the README tells a newcomer to run, with a private data folder and a free port.
  app = await startAppProcess('npm', ['start', '--silent'], {
    FRONTLINE_DATA_DIR: tmp.dir,
    FRONTLINE_PORT: '0',
    FRONTLINE_LOG_LEVEL: 'warn',
    FRONTLINE_VALIDATE_OUTPUT: '1',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  tmp.cleanup();
});

describe('npm start without the Electron runtime', () => {
  it('says why it falls back, seeds a demo CRM on first run and serves on 127.0.0.1', () => {
    expect(app.output()).toContain('Electron runtime not available');
    expect(app.output()).toContain('browser mode');
    expect(app.output()).toMatch(/Demo CRM created at .*frontline\.db/);
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lets an agent sign in, search a formatted number and see the customer card with purchases and balance', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Your name').fill('Sam Agent');
    await page.getByLabel('Extension', { exact: true }).fill('1001');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Break');

    await page.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Available');

    await page.getByLabel('Find a customer').fill('+44 (0)20 7946 0958');
    await page.getByRole('button', { name: 'Search' }).click();
    const card = page.getByTestId('customer-card');
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe('Olivia Bennett');
    expect(await card.getByText('Balance').count()).toBe(1);
    const balance = await card.locator('.fact', { hasText: 'Balance' }).locator('.fact-value').textContent();
    expect(balance).toMatch(/^£[\d,]+\.\d{2}$/);
    const rows = await card.getByRole('table').locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(20);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'customer-card.png'), fullPage: true });
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers a chooser when two customers share the number', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.getByLabel('Your name').fill('Kim');
    await page.getByLabel('Extension', { exact: true }).fill('1002');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Find a customer').fill('020 7946 0959');
    await page.keyboard.press('Enter');
    const list = page.getByRole('list', { name: 'Matching customers' });
    await list.waitFor();
    expect(await list.getByRole('button').allTextContents()).toEqual([
      expect.stringContaining('Tom Patel'),
      expect.stringContaining('Priya Patel'),
    ]);
    await list.getByRole('button', { name: /Priya Patel/ }).click();
    expect(await page.getByTestId('customer-card').getByRole('heading', { level: 2 }).textContent()).toBe('Priya Patel');
    await page.close();
  });

  it('loads the sign-in page without a failed request (the tab has its icon)', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') failed.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect((await page.request.get(new URL(icon ?? '', app.url).toString())).status()).toBe(200);
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
    await page.close();
  });

  it('opens Phone settings on the sign-in page inside their panel, each checkbox beside its words', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.url);
    await page.getByText('Phone: demo line').click();
    const panel = await page.locator('details.phone-settings').boundingBox();
    const form = await page.locator('details.phone-settings form').boundingBox();
    expect(panel).not.toBeNull();
    expect(form).not.toBeNull();
    if (panel === null || form === null) return;
    expect(form.x).toBeGreaterThanOrEqual(panel.x);
    expect(form.x + form.width).toBeLessThanOrEqual(panel.x + panel.width);
    for (const words of ['Answer calls automatically', 'This PBX strips']) {
      const label = page.locator('details.phone-settings label', { hasText: words });
      const box = await label.getByRole('checkbox').boundingBox();
      const whole = await label.boundingBox();
      // The box starts the line its words are on, not a line of its own above them.
      expect(box !== null && whole !== null && box.x - whole.x <= 8 && box.y - whole.y < box.height).toBe(true);
    }
    await page.close();
  });
});
