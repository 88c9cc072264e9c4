import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { openDemoDesk, type DemoDesk } from '../support/demo-desk';
import type { ServedApp } from '../support/served-app';
import { queryRow } from '../support/test-stores';

let app: ServedApp;
let page: Page;
let driver: Awaited<ReturnType<ServedApp['client']>>;
const EXT = '1201';
const AGENT = { name: 'Wren Wrapup', extension: EXT };

let desk: DemoDesk | undefined;

beforeAll(async () => {
  desk = await openDemoDesk(500, AGENT);
  ({ app, page, driver } = desk);
});

afterAll(() => desk?.close());

const tile = (metric: string) => page.locator(`[data-metric="${metric}"] .metric-value`);
/** The desk's own numbers are fetched once the agent has been free for a second (ADR 0068), then drawn. */
const NUMBERS_WAIT = { timeout: 5_000 };

async function answeredCall(e164: string): Promise<void> {
  const r = await driver.call('demoLine.callNow', { e164 });
  expect(r.ok).toBe(true);
  await page.getByTestId('call-ringing').waitFor();
  await page.keyboard.press('Alt+Y');
  await page.getByTestId('call-active').waitFor();
  await page.keyboard.press('Alt+E');
  await expect.poll(() => page.locator('[data-testid^="call-"]').count()).toBe(0);
  await page.getByRole('form', { name: /Wrap-up/ }).waitFor();
}

describe('wrap-up and the agent’s own numbers (browser, demo line)', () => {
  it('logs a wrap-up with the keyboard after a call, returns to Available, and the agent panel counts the call', async () => {
    expect(await tile('handled').textContent()).toBe('0');
    await answeredCall('+442079460958');
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Wrap-up');
    const form = page.getByRole('form', { name: /Wrap-up/ });
    // The customer the notes are about stays on screen with the form.
    await page.getByTestId('customer-card').getByRole('heading', { name: 'Olivia Bennett' }).waitFor();
    await page.keyboard.press('3'); // third disposition
    await page.keyboard.press('Y');
    await form.getByLabel('Notes').fill('Explained the invoice; customer happy');
    await form.getByLabel('About the customer').fill('prefers email');
    await form.getByLabel('About the customer').press('Enter');
    expect(await form.getByRole('radio', { name: /Sale made/ }).isChecked()).toBe(true);
    await form.getByText('Draft saved').waitFor();
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'wrap-up.png') });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('S');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Available');
    await expect.poll(() => tile('handled').textContent(), NUMBERS_WAIT).toBe('1');
    expect(await tile('aht_s').textContent()).not.toBe('—');
    expect(await tile('agent_frt_s').textContent()).not.toBe('—');
    expect(await tile('fcr_pct').textContent()).toMatch(/100\.0%/);

    const stored = await queryRow(
      app.fx.core.store,
      'SELECT w.notes, w.resolved, w.draft, d.code FROM wrap_ups w JOIN dispositions d ON d.id = w.disposition_id ORDER BY w.id DESC LIMIT 1',
    );
    expect(stored).toEqual({ notes: 'Explained the invoice; customer happy', resolved: 1, draft: 0, code: 'sale' });
    // The soft data shows on this customer's next pop.
    const again = await driver.call('demoLine.callNow', { e164: '+442079460958' });
    expect(again.ok).toBe(true);
    await page.getByTestId('pop').getByText('prefers email').waitFor();
    await page.keyboard.press('Alt+N');
    await expect.poll(() => page.locator('[data-testid^="call-"]').count()).toBe(0);
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'agent-stats.png') });
  });

  it('keeps the last callers one click away', async () => {
    const recent = page.getByRole('region', { name: 'Recent callers' });
    await page.getByLabel('Find a customer').fill('Patel');
    await page.getByLabel('Find a customer').press('Enter');
    await expect.poll(() => page.getByTestId('customer-card').count()).toBe(0);
    await recent.getByRole('button', { name: /Olivia Bennett/ }).click();
    await page.getByTestId('customer-card').getByRole('heading', { name: 'Olivia Bennett' }).waitFor();
  });

  it('keeps a half-typed wrap-up through a page reload: the session resumes and the draft comes back', async () => {
    await answeredCall('+442079460959');
    const form = page.getByRole('form', { name: /Wrap-up/ });
    await form.getByLabel('Notes').fill('Half-way through logging this');
    await form.getByText('Draft saved').waitFor();
    await page.reload();
    const recovered = page.getByRole('form', { name: /Wrap-up/ });
    await expect.poll(() => recovered.getByLabel('Notes').inputValue()).toBe('Half-way through logging this');
  });
});
