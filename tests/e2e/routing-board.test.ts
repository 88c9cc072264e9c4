import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { PLANTED_CUSTOMERS } from '../../electron/core/seed/planted-customers';
import { openAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { TEST_SUPERVISOR_PASSWORD } from '../support/seeded-core';
import { serveApp, type ServedApp } from '../support/served-app';

const SUPERVISOR = { name: 'Sue Supervisor', extension: '9900' };
const SLOW = { timeout: 30_000 };
const SHOTS = process.env.FRONTLINE_SCREENSHOTS;

let app: ServedApp;
let browser: Browser;

beforeAll(async () => {
  app = await serveApp(300);
  browser = await launchChromium();
  await upsertSupervisor(app.fx.core.connection.db, { ...SUPERVISOR, password: TEST_SUPERVISOR_PASSWORD }, Date.now());
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

describe('routing in the browser', () => {
  it('the router pushes the caller’s pop to the reserved desk: painted with no INVITE yet', async () => {
    const page = await openAgentPage(browser, app.host.url, { name: 'Ava Agent', extension: '7401' });
    await page.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => page.getByTestId('agent-state').textContent(), SLOW).toBe('Available');
    await app.fx.core.settled();
    const olivia = PLANTED_CUSTOMERS[0]!;
    const d = await app.fx.core.routing.ask({ callId: 'e2e-routed-1', caller: { number: olivia.phones[0]!.e164, displayName: null }, queue: null });
    expect(d.kind).toBe('agent');
    const pop = page.getByTestId('routed-pop');
    await pop.waitFor(SLOW);
    await expect.poll(() => pop.textContent()).toContain('Olivia Bennett');
    await shot(page, 'routed-pop');
    await app.fx.core.routing.report({ callId: 'e2e-routed-1', decisionId: d.decisionId, what: 'caller-gone' });
    await page.context().close();
  }, 120_000);

  it('a supervisor changes a queue’s strategy on the board; the next decision uses it', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.host.url);
    await page.getByLabel('Your name').fill(SUPERVISOR.name);
    await page.getByLabel('Extension', { exact: true }).fill(SUPERVISOR.extension);
    await page.getByLabel(/^Password/).fill(TEST_SUPERVISOR_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Floor board' }).waitFor(SLOW);
    await page.getByRole('button', { name: 'Routing…' }).click();
    const dialog = page.getByTestId('routing-dialog');
    await dialog.waitFor(SLOW);
    await dialog.getByLabel('Strategy').selectOption('round-robin');
    await dialog.getByLabel('Max wait (s)').fill('90');
    await dialog.getByRole('button', { name: 'Save queue routing' }).click();
    await page.getByText(/saved: the next call uses it/).waitFor(SLOW);
    await shot(page, 'routing-dialog');
    const policy = await app.fx.core.routing.policies.of(null);
    expect(policy).toMatchObject({ strategy: 'round-robin', maxWaitSec: 90 });
    await context.close();
  }, 120_000);
});
