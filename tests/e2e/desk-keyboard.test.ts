import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from '../support/a11y';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { serveApp, type ServedApp } from '../support/served-app';

const EXT = '1301';
let app: ServedApp;
let browser: Browser;
let page: Page;
let driver: Awaited<ReturnType<ServedApp['client']>>;
/** The desktop notifications the page raised (the real Notification API, recorded on the way through). */
type Raised = { title: string; body: string; tag: string; closed: boolean }[];

beforeAll(async () => {
  app = await serveApp(500);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const w = window as unknown as { __raised: Raised; Notification: typeof Notification };
    w.__raised = [];
    const Real = w.Notification;
    class Recorded extends Real {
      private readonly record: Raised[number];
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        this.record = { title, body: options?.body ?? '', tag: options?.tag ?? '', closed: false };
        w.__raised.push(this.record);
      }
      override close(): void {
        this.record.closed = true;
        super.close();
      }
    }
    w.Notification = Recorded as typeof Notification;
    // The agent is working in another window: this one does not have the focus.
    document.hasFocus = () => false;
  });
  page = await context.newPage();
  await page.goto(app.host.url);
}, 60_000);

afterAll(async () => {
  driver?.close();
  await browser?.close();
  await app?.close();
});

/** Tab until the element with this accessible label has the focus (keyboard only, as an agent would). */
async function tabTo(label: string): Promise<void> {
  for (let i = 0; i < 25; i++) {
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.getAttribute('aria-label') ?? (el && 'labels' in el ? ((el as HTMLInputElement).labels?.[0]?.textContent ?? '') : '');
    });
    if (here.trim().startsWith(label)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not Tab to "${label}"`);
}

const shot = (name: string) => join(REPO_ROOT, 'docs', 'screenshots', `${name}.png`);

describe('a whole call with the keyboard alone (browser, demo line)', () => {
  it('signs in, goes available, answers, opens the keypad, reaches transfer and consult, holds, resumes, hangs up and wraps up without the mouse', async () => {
    await tabTo('Your name');
    await page.keyboard.type('Kai Keyboard');
    await tabTo('Extension');
    await page.keyboard.type(EXT);
    await page.keyboard.press('Enter');
    await page.getByText('Phone: registered').waitFor({ timeout: 15_000 });
    expect(await seriousA11yViolations(page), 'desk').toEqual([]);
    await page.keyboard.press('Alt+A');
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Available');

    driver = await app.client(EXT, page);
    expect((await driver.call('demoLine.callNow', { e164: '+442079460958', displayName: 'Olivia Bennett' })).ok).toBe(true);
    await page.getByTestId('call-ringing').waitFor();
    // Announced to screen readers, and a desktop notification because the window is not focused.
    await expect.poll(() => page.getByTestId('incoming-call-announcement').textContent()).toBe('Incoming call from Olivia Bennett');
    const raised = await page.evaluate(() => (window as unknown as { __raised: Raised }).__raised);
    expect(raised).toEqual([{ title: 'Incoming call — Olivia Bennett', body: expect.stringContaining('+44 20 7946 0958') as unknown as string, tag: 'frontline-ringing', closed: false }]);
    await page.getByTestId('pop').getByRole('heading', { name: 'Olivia Bennett' }).waitFor();
    expect(await seriousA11yViolations(page), 'ringing').toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: shot('desk-ringing') });

    await page.keyboard.press('Alt+Y');
    await page.getByTestId('call-active').waitFor();
    // Answered: the call no longer rings, so its notification is gone (one ringing surface, ADR 0034).
    await expect.poll(() => page.evaluate(() => (window as unknown as { __raised: Raised }).__raised.map((r) => r.closed))).toEqual([true]);
    expect(await seriousA11yViolations(page), 'call').toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: shot('desk-call') });
    // Every call action has a key, shown on its control and announced (aria-keyshortcuts): the keypad…
    const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', keys: document.activeElement?.getAttribute('aria-keyshortcuts') ?? null }));
    const keypadOpen = () => page.locator('details.keypad').evaluate((d) => (d as HTMLDetailsElement).open);
    await page.keyboard.press('Alt+K');
    expect(await keypadOpen()).toBe(true);
    expect((await focused()).text).toBe('1'); // the first key, ready for Enter or Space
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: shot('desk-call-keypad') });
    await page.keyboard.press('Alt+K');
    expect(await keypadOpen()).toBe(false);
    // …transfer and consult: to the "Transfer to" field while it is empty (Enter there transfers).
    await page.keyboard.press('Alt+T');
    expect(await focused()).toEqual({ text: '', keys: 'Alt+T Alt+C' });
    await page.keyboard.press('Tab'); // away, then back with the consult key
    await page.keyboard.press('Alt+C');
    expect(await focused()).toEqual({ text: '', keys: 'Alt+T Alt+C' });
    const call = page.getByTestId('call-active');
    const shown = async (name: RegExp) => call.getByRole('button', { name }).getAttribute('aria-keyshortcuts');
    expect(await Promise.all([/^Hold/, /^Mute/, /^Transfer/, /^Consult/, /^Hang up/].map(shown))).toEqual(['Alt+H', 'Alt+M', 'Alt+T', 'Alt+C', 'Alt+E']);
    expect(await call.locator('summary').getAttribute('aria-keyshortcuts')).toBe('Alt+K');
    await page.keyboard.press('Alt+H');
    await page.getByTestId('call-held').waitFor();
    await page.keyboard.press('Alt+H');
    await page.getByTestId('call-active').waitFor();
    await page.keyboard.press('Alt+E');
    await expect.poll(() => page.locator('[data-testid^="call-"]').count()).toBe(0);

    const form = page.getByRole('form', { name: /Wrap-up/ });
    await form.waitFor();
    await page.getByTestId('customer-card').getByRole('heading', { name: 'Olivia Bennett' }).waitFor();
    expect(await seriousA11yViolations(page), 'wrap-up').toEqual([]);
    await page.keyboard.press('1');
    await page.keyboard.press('Y');
    await form.getByText('Draft saved').waitFor();
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: shot('desk-wrap-up') });
    await page.keyboard.press('S');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Available');
  });
});
