import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/a11y';
import { REPO_ROOT } from '../support/app-process';
import { openDemoDesk, type DemoDesk } from '../support/demo-desk';

let desk: DemoDesk;

beforeAll(async () => {
  desk = await openDemoDesk(200, { name: 'Dee Dialler', extension: '1321' });
}, 90_000);

afterAll(async () => {
  await desk?.close();
});

/** What a browser's tel:/sip: protocol handler (or the desktop app's bridge) hands the page. */
const openLink = (link: string) => desk.page.evaluate((l) => (window.location.hash = `#/dial?uri=${encodeURIComponent(l)}`), link);

describe('click-to-call from other applications (browser, demo line)', () => {
  it('shows a tel: link’s number normalised for the agent to confirm, and dials it only on Call', async () => {
    const { page } = desk;
    await openLink('tel:020-7946-0958');
    const dialog = page.getByRole('dialog', { name: 'Call this number?' });
    await dialog.waitFor();
    await dialog.getByText('+44 20 7946 0958', { exact: true }).waitFor();
    expect(await dialog.locator('[data-target]').getAttribute('data-target')).toBe('+442079460958');
    expect(await seriousA11yViolations(page), 'confirm dialog').toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'dial-link-confirm.png') });
    // Off the address bar: a reload does not ask again.
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    // Nothing dialled yet.
    expect(await page.locator('[data-testid^="call-"]').count()).toBe(0);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid^="call-"]').first().waitFor();
    expect(await page.getByTestId('caller-name').first().textContent()).toContain('+44 20 7946 0958');
    await page.keyboard.press('Alt+E');
    await expect.poll(() => page.locator('[data-testid^="call-"]').count(), { timeout: 15_000 }).toBe(0);
  });

  it('cancelling dials nothing', async () => {
    const { page } = desk;
    await openLink('sip:alice@pbx.example;transport=tcp?Replaces=x');
    const dialog = page.getByRole('dialog', { name: 'Call this number?' });
    await dialog.getByText('alice@pbx.example', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid^="call-"]').count()).toBe(0);
  });

  it('a link it cannot call says why, and dials nothing', async () => {
    const { page } = desk;
    await openLink('tel:anonymous');
    const dialog = page.getByRole('dialog', { name: 'This link cannot be called' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('dial-link-refused').getAttribute('data-reason')).toBe('not-a-number');
    expect(await seriousA11yViolations(page), 'refused dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid^="call-"]').count()).toBe(0);
  });

  it('a link that opened the app before sign-in waits for it (German desk)', async () => {
    const context = await desk.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${desk.app.host.url}?lang=de-DE#/dial?uri=${encodeURIComponent('frontline://dial?number=+4930901820')}`);
    await page.locator('input[name="extension"]').fill('1322');
    await page.locator('input[name="name"]').fill('Dora Deutsch');
    await page.locator('form[aria-labelledby="sign-in-title"] button[type="submit"]:not([disabled])').click();
    const dialog = page.getByRole('dialog', { name: 'Diese Nummer anrufen?' });
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByText('+49 30 901820', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await context.close();
  });
});
