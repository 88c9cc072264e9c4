import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { openAgentPage } from '../support/agent-page';
import { openDemoDesk, submitWrapUpByKeys, type DemoDesk } from '../support/demo-desk';
import { TEST_SUPERVISOR_PASSWORD } from '../support/seeded-core';

const SLOW = { timeout: 30_000 };
const AGENT = { name: 'Una Unresolved', extension: '1301' };
const OTHER = { name: 'Rex Repeat', extension: '1302' };
const SUPERVISOR = { name: 'Sue Side', extension: '9931' };

let desk: DemoDesk;
let board: Page;

beforeAll(async () => {
  // A short after-call time box: the agent is Available again before the wrap-up goes in, as a new user typing slowly is.
  desk = await openDemoDesk(300, AGENT, { acw: { mode: 'time-boxed', timeBoxS: 5, extendS: 30 } });
  await upsertSupervisor(desk.app.fx.core.connection.db, { ...SUPERVISOR, password: TEST_SUPERVISOR_PASSWORD }, Date.now());
  board = await (await desk.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await board.goto(desk.app.host.url);
  await board.getByLabel('Your name').fill(SUPERVISOR.name);
  await board.getByLabel('Extension', { exact: true }).fill(SUPERVISOR.extension);
  await board.getByLabel(/^Password/).fill(TEST_SUPERVISOR_PASSWORD);
  await board.getByRole('button', { name: 'Sign in' }).click();
  await board.locator('[data-testid="board-status"][data-status="live"]').waitFor(SLOW);
}, 90_000);

afterAll(() => desk?.close());

const deskFcr = (page = desk.page) => page.locator('[data-metric="fcr_pct"] .metric-value').textContent();
const rowFcr = (agentId: number) => board.locator(`tr[data-agent-id="${agentId}"] [data-metric="fcr_pct"]`).innerText();
const centreFcr = () => board.locator('[data-testid="centre-summary"] [data-metric="fcr_pct"]').first().innerText();

async function answerAndHangUp(e164: string, page = desk.page, driver = desk.driver): Promise<void> {
  expect((await driver.call('demoLine.callNow', { e164 })).ok).toBe(true);
  await page.getByTestId('call-ringing').waitFor(SLOW);
  await page.keyboard.press('Alt+Y');
  await page.getByTestId('call-active').waitFor(SLOW);
  await page.keyboard.press('Alt+E');
  await page.getByRole('form', { name: /Wrap-up/ }).waitFor(SLOW);
}

async function submitUnresolved(): Promise<void> {
  const { page } = desk;
  const form = page.getByRole('form', { name: /Wrap-up/ });
  await page.keyboard.press('1');
  await page.keyboard.press('N');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('S');
  await form.waitFor({ state: 'detached', ...SLOW });
}

/**
 * The desk refreshes its own numbers every 30 s: each check here must see the agreement well before
 * that (10 s), or the desk would only agree because it polled.
 */
const BEFORE_THE_POLL = { timeout: 10_000 };

describe('the desk and the board agree on FCR (browser, demo line)', () => {
  it('shows 0.0 % on the desk and the centre strip after an answered call logged unresolved after the time box ended', async () => {
    await answerAndHangUp('+442079460958');
    // The time box ends: Available again, the form still open.
    await expect.poll(() => desk.page.getByTestId('agent-state').textContent(), SLOW).toBe('Available');
    expect(await deskFcr()).toBe('—');
    await submitUnresolved();
    await expect.poll(centreFcr, BEFORE_THE_POLL).toMatch(/^0\.0\s?%/);
    await expect.poll(deskFcr, BEFORE_THE_POLL).toMatch(/^0\.0\s?%/);
  });

  it("drops an agent's FCR on their own desk, without any state change of theirs, when another agent takes their resolved caller's repeat call", async () => {
    const first = desk.page;
    await answerAndHangUp('+442079460959');
    await submitWrapUpByKeys(first); // resolved
    await expect.poll(() => first.getByTestId('agent-state').textContent(), SLOW).toBe('Available');
    await expect.poll(() => deskFcr(first), BEFORE_THE_POLL).toMatch(/^50\.0\s?%/);
    // Off the phone, so the repeat call rings the other agent; the break is the last state change this desk sees.
    await first.getByLabel('Break reason').selectOption('Lunch');
    await first.getByRole('button', { name: 'Break', exact: true }).click();
    await expect.poll(() => first.getByTestId('agent-state').textContent(), SLOW).toBe('Break');
    const other = await openAgentPage(desk.browser, desk.app.host.url, OTHER);
    const otherDriver = await desk.app.client(OTHER.extension, other);
    try {
      await other.getByRole('button', { name: 'Available' }).click();
      await other.getByTestId('agent-state').getByText('Available').waitFor(SLOW);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the desk's own read after its break is done
      expect(await deskFcr(first)).toMatch(/^50\.0\s?%/);
      await answerAndHangUp('+442079460959', other, otherDriver);
      await expect.poll(() => deskFcr(first), BEFORE_THE_POLL).toMatch(/^0\.0\s?%/);
      const agentId = Number(await board.locator('tr.agent-row', { hasText: AGENT.name }).getAttribute('data-agent-id'));
      await expect.poll(() => rowFcr(agentId), BEFORE_THE_POLL).toMatch(/^0\.0\s?%/);
    } finally {
      otherDriver.close();
      await other.context().close();
    }
  });
});
