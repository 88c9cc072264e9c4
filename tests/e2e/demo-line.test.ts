import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { openDemoDesk, type DemoDesk } from '../support/demo-desk';
import type { ServedApp } from '../support/served-app';

let page: Page;
let driver: Awaited<ReturnType<ServedApp['client']>>;
const EXT = '1101';

let desk: DemoDesk | undefined;

beforeAll(async () => {
  desk = await openDemoDesk(3_000, { name: 'Dana Demo', extension: EXT });
  ({ page, driver } = desk);
});

afterAll(() => desk?.close());

async function ring(e164: string | null, displayName: string | null = null): Promise<void> {
  const r = await driver.call('demoLine.callNow', { e164, displayName });
  expect(r.ok).toBe(true);
  await page.getByTestId('call-ringing').waitFor();
}

async function endCurrentCall(): Promise<void> {
  const ringing = page.getByTestId('call-ringing');
  if ((await ringing.count()) > 0) await page.keyboard.press('Alt+N');
  else await page.keyboard.press('Alt+E');
  await expect.poll(() => page.locator('[data-testid^="call-"]').count()).toBe(0);
}

describe('demo line in the browser (two sip.js UAs, real WebRTC between them)', () => {
  it('pops the caller’s record while it rings, before any answer', async () => {
    await ring('+442079460958', 'Olivia Bennett');
    expect(await page.getByTestId('call-ringing').count()).toBe(1);
    const pop = page.getByTestId('pop');
    await expect.poll(() => pop.getAttribute('data-pop-state')).toBe('customer');
    expect(await pop.getByRole('heading', { level: 2 }).first().textContent()).toBe('Olivia Bennett');
    expect(await pop.getByRole('region', { name: 'Next best offer' }).count()).toBe(1);
    // The pop never covers the call controls.
    await expect.poll(() => page.getByRole('button', { name: /Answer/ }).isVisible()).toBe(true);
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'ringing-pop.png') });
  });

  it('answers with the keyboard and carries real audio; holds, resumes and hangs up', async () => {
    await page.keyboard.press('Alt+Y');
    await page.getByTestId('call-active').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('audio-stats').getAttribute('data-packets-received')), { timeout: 15_000 }).toBeGreaterThan(20);
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'call-established.png') });
    await page.keyboard.press('Alt+H');
    await page.getByTestId('call-held').waitFor();
    await page.keyboard.press('Alt+H');
    await page.getByTestId('call-active').waitFor();
    await endCurrentCall();
  });

  it('renders a hostile caller-ID name as inert, bounded text', async () => {
    await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
    await ring('+442079460958', '<img src=x onerror=window.pwned=true>');
    // The caller's own name is a claim: shown as what the phone "says", the customer is the number's.
    await expect.poll(() => page.getByTestId('caller-name').textContent()).toBe('Olivia Bennett');
    expect(await page.getByTestId('caller-says').textContent()).toContain('<img src=x onerror=window.pwned=true>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await endCurrentCall();
    await ring('+442079460958', 'A'.repeat(4000));
    const says = (await page.getByTestId('caller-says').textContent()) ?? '';
    expect(says.length).toBeLessThanOrEqual(64 + 12);
    expect(await page.getByTestId('pop').getAttribute('data-pop-state')).toBe('customer');
    expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
    await endCurrentCall();
  });

  it('says withheld, offers a chooser for a shared number, and quick-create for an unknown one', async () => {
    await ring(null);
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('withheld');
    await endCurrentCall();
    await ring('+442079460959');
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('chooser');
    await page.getByRole('list', { name: 'Customers on this number' }).getByRole('button', { name: /Priya Patel/ }).click();
    expect(await page.getByTestId('pop').getByRole('heading', { level: 2 }).first().textContent()).toBe('Priya Patel');
    await endCurrentCall();
    await ring('+442079460999');
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('none');
    // Quick-create while it rings: the number is already filled in, and the pop becomes the new customer's card.
    const form = page.getByRole('form', { name: 'New customer' });
    expect(await form.getByLabel('Phone').inputValue()).toBe('+442079460999');
    await form.getByLabel('First name').fill('Nia');
    await form.getByLabel('Last name').fill('Okoro');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('customer');
    expect(await page.getByTestId('pop').getByRole('heading', { level: 2 }).first().textContent()).toBe('Nia Okoro');
    await endCurrentCall();
  });

  it('dials a customer from the card (click-to-dial) with real audio', async () => {
    await page.getByLabel('Find a customer').fill('Declan Murphy');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-card').waitFor();
    await page.getByRole('button', { name: 'Call +44 20 7946 0960' }).click();
    await page.getByTestId('call-dialing').waitFor();
    await page.getByTestId('call-active').waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(await page.getByTestId('audio-stats').getAttribute('data-packets-received')), { timeout: 15_000 }).toBeGreaterThan(20);
    await endCurrentCall();
  });
});
