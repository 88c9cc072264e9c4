import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAgentPage } from '../support/agent-page';
import { submitWrapUpByKeys } from '../support/demo-desk';
import { listenForRtp } from '../support/rtp-listener';
import { launchChromium } from '../support/browser';
import { serveApp, type ServedApp } from '../support/served-app';
import { queryRow, queryRows } from '../support/test-stores';
import { LAB, LAB_PHONE, LAB_QUEUES, runBaresipCall, runSipp, sipLabMissing, startSipLab, type SipLabRig, type SippRun } from '../support/sip-rig';

const missing = sipLabMissing();
/** The desk's own numbers are fetched once the agent has been free for a second (ADR 0068), then drawn. */
const NUMBERS_WAIT = { timeout: 5_000 };
let rig: SipLabRig;
let app: ServedApp;
let browser: Browser;
let page: Page;
let sippPort = 6100;

function call(keys: Record<string, string>, scenario = 'uac-pai.xml', pauseMs = 6_000): Promise<SippRun> {
  sippPort += 2;
  return runSipp(scenario, { display: 'Carrier Caller', service: LAB_QUEUES.billing, ...keys }, sippPort, pauseMs);
}

async function expectSippOk(run: Promise<SippRun>): Promise<void> {
  const result = await run;
  expect(result.code, `${result.output.slice(-2000)}\n${rig.logs().slice(-2000)}`).toBe(0);
}

async function answerWhenItRings(): Promise<void> {
  await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
  await page.keyboard.press('Alt+Y');
  await page.getByTestId('call-active').waitFor();
}

async function noCalls(p: Page): Promise<void> {
  await expect.poll(() => p.locator('[data-testid^="call-"]').count(), { timeout: 10_000 }).toBe(0);
}

/** Ring with the given caller, check the pop while ringing, decline, and make sure the carrier saw the call end. */
async function ringAndDecline(keys: Record<string, string>, popState: string): Promise<void> {
  const sipp = call(keys, 'uac-wait-bye.xml');
  await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
  await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe(popState);
  await page.keyboard.press('Alt+N');
  await noCalls(page);
  const result = await sipp;
  // The scenario expects an answer; a decline ends it with the 603 as an unexpected message.
  expect(result.output).toContain('603');
}

describe.skipIf(missing !== null)('real SIP: Kamailio + rtpengine, sipp caller, app in Chromium', () => {
  beforeAll(async () => {
    rig = await startSipLab();
    app = await serveApp(3_000);
    browser = await launchChromium();
    page = await openAgentPage(browser, app.host.url, { name: 'Lab Agent', extension: LAB.user }, LAB_PHONE);
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
    await expectSippOk(sipp);
    await noCalls(page);
    // Real traffic links up: the stored leg carries the INVITE's Call-ID and the PBX's contact id.
    const leg = await queryRow<{ sip_call_id: string | null; contact_key: string | null }>(app.fx.core.store, 'SELECT sip_call_id, contact_key FROM calls ORDER BY id DESC LIMIT 1');
    expect(leg?.sip_call_id).toBeTruthy();
    expect(leg?.contact_key).toMatch(/^[0-9a-f]{32}-\d+$/);
  });

  it('carries audio both ways with a baresip caller: WebRTC stats in the page, a recording at the caller', async () => {
    const baresip = runBaresipCall(15);
    await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('customer');
    await page.keyboard.press('Alt+Y');
    await page.getByTestId('call-active').waitFor();
    await expect
      .poll(async () => Number(await page.getByTestId('audio-stats').getAttribute('data-packets-received')), { timeout: 10_000 })
      .toBeGreaterThan(250);
    await page.keyboard.press('Alt+E');
    await noCalls(page);
    const result = await baresip;
    expect(result.output).toContain('Call established');
    // Chromium's fake microphone beeps: the caller must have heard more than a couple of seconds, and not silence.
    expect(result.receivedSeconds, result.output.slice(-1500)).toBeGreaterThan(2);
    expect(result.receivedPeak).toBeGreaterThan(1_000);
  });

  it('clears the pop when the caller cancels while it rings', async () => {
    const sipp = call({ pai: '+442079460958' }, 'uac-cancel.xml', 1_500);
    await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('customer');
    await noCalls(page);
    expect(await page.getByTestId('pop').count()).toBe(0);
    await expectSippOk(sipp);
  });

  it('lets the agent hang up, and the caller gets the BYE', async () => {
    const sipp = call({ pai: '+442079460960' }, 'uac-wait-bye.xml');
    await answerWhenItRings();
    await page.keyboard.press('Alt+E');
    await noCalls(page);
    await expectSippOk(sipp);
  });

  it('records the real call: the agent logs the wrap-up in the UI and their AHT, FRT and FCR change with it', async () => {
    const wrapUps = page.getByRole('form', { name: /Wrap-up/ });
    // Earlier calls in this suite left wrap-ups behind: log them first, so the next one is this call's.
    while ((await wrapUps.count()) > 0) {
      const before = await wrapUps.getByRole('heading').textContent();
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('S');
      await expect.poll(async () => ((await wrapUps.count()) === 0 ? null : await wrapUps.getByRole('heading').textContent())).not.toBe(before);
    }
    const tile = (metric: string) => page.locator(`[data-metric="${metric}"] .metric-value`).textContent();
    // The tiles catch up with those wrap-ups a moment later: read "before" only once they show them.
    const handledInDb = async () =>
      Number((await queryRow<{ n: number | string }>(app.fx.core.store, "SELECT count(*) AS n FROM calls WHERE direction = 'inbound' AND answered_at IS NOT NULL AND wrap_up_ended_at IS NOT NULL"))?.n);
    await expect.poll(async () => Number(await tile('handled')), NUMBERS_WAIT).toBe(await handledInDb());
    const handledBefore = Number(await tile('handled'));
    const ahtBefore = await page.locator('[data-metric="aht_s"] [role="tooltip"]').textContent();
    expect(await tile('fcr_pct')).toBe('—'); // no wrap-up said resolved yet

    const sipp = call({ pai: '+442079460961' }, 'uac-wait-bye.xml');
    await answerWhenItRings();
    await page.keyboard.press('Alt+E');
    await noCalls(page);
    await expectSippOk(sipp);
    await wrapUps.waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('Y');
    await wrapUps.getByLabel('Notes').fill('Real SIP call, resolved');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('S');
    await wrapUps.waitFor({ state: 'detached' });

    await expect.poll(() => tile('handled'), NUMBERS_WAIT).toBe(String(handledBefore + 1));
    await expect.poll(() => tile('fcr_pct'), NUMBERS_WAIT).toMatch(/^100\.0%/);
    expect(await page.locator('[data-metric="aht_s"] [role="tooltip"]').textContent()).not.toBe(ahtBefore);
    expect(await tile('agent_frt_s')).not.toBe('—');
    const row = await queryRow<Record<string, number>>(
      app.fx.core.store,
      "SELECT c.answered_at, c.ended_at, c.wrap_up_ended_at, w.resolved, w.draft FROM calls c JOIN wrap_ups w ON w.call_id = c.id WHERE c.caller_e164 = '+442079460961'",
    );
    expect(row).toMatchObject({ resolved: 1, draft: 0 });
    expect(row?.answered_at).toBeLessThan(row?.ended_at as number);
    expect(row?.ended_at).toBeLessThanOrEqual(row?.wrap_up_ended_at as number);
  });

  it('records the offer the pop showed on a real call, the answer on the pop, and the wrap-up asks about it (linked to rank, probability, policy)', async () => {
    const rows = (sql: string, ...params: unknown[]) => queryRows(app.fx.core.store, sql, ...params);
    const sipp = call({ pai: '+442079460960' }, 'uac-wait-bye.xml'); // overdue: a payment plan
    await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
    await page.getByTestId('offer-title').waitFor();
    const callId = async () => (await queryRow<{ id: number }>(app.fx.core.store, 'SELECT id FROM calls ORDER BY id DESC LIMIT 1'))?.id;
    await expect.poll(async () => rows('SELECT seen, rank, probability FROM offer_impressions WHERE call_id = ?', await callId())).toEqual([{ seen: 'shown', rank: 1, probability: 1 }]);
    await page.keyboard.press('Alt+Y');
    await page.getByTestId('call-active').waitFor();
    await page.getByRole('region', { name: 'Next best offer' }).getByRole('button', { name: 'Declined' }).click();
    await page.keyboard.press('Alt+E');
    await noCalls(page);
    await expectSippOk(sipp);
    const form = page.getByRole('form', { name: /Wrap-up/ });
    await form.getByRole('group', { name: /PAYMENT-PLAN/ }).waitFor();
    expect(await form.getByRole('radio', { name: 'Declined' }).isChecked()).toBe(true);
    await submitWrapUpByKeys(page);
    expect(
      await rows(
        `SELECT x.outcome, i.rank, i.probability, i.policy_version AS policy FROM offer_outcomes x
           JOIN offer_impressions i ON i.call_id = x.call_id AND i.offer_id = x.offer_id WHERE x.call_id = ? AND x.outcome IN ('accepted', 'declined')`,
        await callId(),
      ),
    ).toEqual([{ outcome: 'declined', rank: 1, probability: 1, policy: 'nbo-1/eps-0' }]);
  });

  it('puts the caller on hold and back (confirmed by the far end) and sends DTMF it receives, in the media and by INFO', async () => {
    const farEndMedia = await listenForRtp();
    try {
      const sipp = call({ pai: '+442079460958', rtp_port: String(farEndMedia.port) }, 'uac-hold-dtmf.xml');
      await answerWhenItRings();
      await page.keyboard.press('Alt+H');
      await page.getByTestId('call-held').waitFor();
      await page.keyboard.press('Alt+H');
      await page.getByTestId('call-active').waitFor();
      await page.getByText('Keypad').click();
      const keypad = page.getByRole('group', { name: 'DTMF keypad' });
      // RFC 4733 telephone-events (payload type 101 in the caller's offer), through rtpengine to the caller's media port.
      await keypad.getByRole('button', { name: '5', exact: true }).click();
      await keypad.getByRole('button', { name: '#', exact: true }).click();
      await expect.poll(() => farEndMedia.digits(101), { timeout: 10_000 }).toEqual([5, 11]);
      // SIP INFO: the scenario fails unless exactly one INFO carrying 5 arrives.
      await page.getByLabel('DTMF by SIP INFO').check();
      await keypad.getByRole('button', { name: '5', exact: true }).click();
      await page.keyboard.press('Alt+E');
      await noCalls(page);
      await expectSippOk(sipp);
    } finally {
      farEndMedia.close();
    }
  });

  it('says withheld, unknown, or offers a chooser for a shared number', async () => {
    await ringAndDecline({ pai: 'anonymous' }, 'withheld');
    await ringAndDecline({ pai: '+442079460999' }, 'none');
    await ringAndDecline({ pai: '+442079460959' }, 'chooser');
  });

  it('renders hostile and 4 KB caller names as inert text with the UI intact', async () => {
    await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
    for (const display of ['<img src=x onerror=window.pwned=true>', 'B'.repeat(4096)]) {
      const sipp = call({ pai: '+442079460958', display }, 'uac-wait-bye.xml');
      await page.getByTestId('call-ringing').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('caller-name').textContent()).toBe('Olivia Bennett');
      const shown = (await page.getByTestId('caller-says').textContent()) ?? '';
      expect(shown.length).toBeLessThanOrEqual(64 + 12);
      if (display.startsWith('<')) expect(shown).toContain(display);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      await expect.poll(() => page.getByTestId('pop').getAttribute('data-pop-state')).toBe('customer');
      await page.keyboard.press('Alt+N');
      await noCalls(page);
      await sipp;
    }
    expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
  });

  it('re-registers by itself after Kamailio restarts mid-shift and takes the next call', async () => {
    await rig.restartKamailio();
    // Kamailio kept no registrations: the phone must notice the dropped socket and register again.
    await expect.poll(() => page.getByTestId('registration').textContent(), { timeout: 10_000 }).not.toBe('Phone: registered');
    await expect.poll(() => page.getByTestId('registration').textContent(), { timeout: 30_000 }).toBe('Phone: registered');
    const sipp = call({ pai: '+442079460958' }, 'uac-wait-bye.xml');
    await answerWhenItRings();
    await page.keyboard.press('Alt+E');
    await expectSippOk(sipp);
  });
});

if (missing !== null) {
  describe('real SIP', () => {
    it('needs Kamailio, rtpengine and sipp', (ctx) => ctx.skip(missing));
  });
}
