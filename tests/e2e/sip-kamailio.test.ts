import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { serveApp, type ServedApp } from '../support/served-app';
import { LAB, runSipp, sipLabMissing, startSipLab, type SipLabRig, type SippRun } from '../support/sip-rig';

const missing = sipLabMissing();
let rig: SipLabRig;
let app: ServedApp;
let browser: Browser;
let page: Page;
let sippPort = 6100;

/** The real app in Chromium, registered as agent 1001 to the lab Kamailio over WebSocket. */
async function openRegisteredAgent(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(
    ({ ws, user, password }) =>
      localStorage.setItem('frontline.phone', JSON.stringify({ server: ws, domain: '127.0.0.1', username: user, password })),
    { ws: `ws://127.0.0.1:${LAB.wsPort}`, user: LAB.user, password: LAB.password },
  );
  const p = await context.newPage();
  await p.goto(app.host.url);
  await p.getByLabel('Your name').fill('Lab Agent');
  await p.getByLabel('Extension', { exact: true }).fill(LAB.user);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByText('Phone: registered').waitFor({ timeout: 15_000 });
  return p;
}

function call(keys: Record<string, string>): Promise<SippRun> {
  sippPort += 2;
  return runSipp('uac-pai.xml', { display: 'Carrier Caller', ...keys }, sippPort);
}

describe.skipIf(missing !== null)('real SIP: Kamailio + rtpengine, sipp caller, app in Chromium', () => {
  beforeAll(async () => {
    rig = await startSipLab();
    app = await serveApp(3_000);
    browser = await launchChromium();
    page = await openRegisteredAgent();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await rig?.stop();
  });

  it('pops the P-Asserted-Identity customer while ringing, answers with real audio, and ends on the caller’s BYE', async () => {
    const sipp = call({ pai: '+442079460958' });
    await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('customer');
    expect(await page.getByTestId('pop').getByRole('heading', { level: 2 }).first().textContent()).toBe('Olivia Bennett');
    expect(await page.getByTestId('call-ringing').textContent()).toContain('Billing');
    await page.keyboard.press('Alt+Y');
    await page.getByTestId('call-active').waitFor();
    await expect
      .poll(async () => Number(await page.getByTestId('audio-stats').getAttribute('data-packets-received')), { timeout: 10_000 })
      .toBeGreaterThan(50);
    const result = await sipp;
    expect(result.code, `${result.output}\n${rig.logs().slice(-3000)}`).toBe(0);
    await expect.poll(() => page.locator('[data-testid^="call-"]').count()).toBe(0);
  });
});

if (missing !== null) {
  describe('real SIP', () => {
    it('needs Kamailio, rtpengine and sipp', (ctx) => ctx.skip(missing));
  });
}
