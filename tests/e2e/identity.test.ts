import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { openAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { serveApp, type ServedApp } from '../support/served-app';
import { supervisorContext } from '../support/seeded-core';
import { queryRow } from '../support/test-stores';

// Short clocks for the test: Disconnected 2 s after the connection goes, Offline 4 s later.
const GRACE_S = 2;
const OFFLINE_AFTER_S = 4;

let app: ServedApp;
let browser: Browser;
let boss: CallContext;

beforeAll(async () => {
  app = await serveApp(500, { sessions: { disconnectGraceS: GRACE_S, offlineAfterDisconnectS: OFFLINE_AFTER_S, idleExpiryMinutes: 60 } });
  browser = await launchChromium();
  boss = await supervisorContext(app.fx.core);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function ok<T>(method: string, params: unknown): Promise<T> {
  const r = await app.fx.core.dispatch(method, params, boss);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** The agent's row as the supervisors' board has it. */
async function boardRow(extension: string): Promise<{ state: string; call: unknown } | undefined> {
  const snapshot = await ok<{ state: { agents: { extension?: string; name: string; state: string; call: unknown }[] } }>('board.subscribe', {});
  const agentId = (await queryRow<{ id: number }>(app.fx.core.store, 'SELECT id FROM agents WHERE extension = ?', extension))?.id;
  return (snapshot.state.agents as unknown as { agentId: number; state: string; call: unknown }[]).find((a) => a.agentId === agentId);
}

async function answerDemoCall(page: Page, extension: string): Promise<void> {
  await page.getByRole('button', { name: 'Available' }).click();
  await page.getByTestId('agent-state').getByText('Available').waitFor();
  const driver = await app.client(extension, page);
  expect((await driver.call('demoLine.callNow', { e164: '+442079460958' })).ok).toBe(true);
  driver.close();
  await page.getByTestId('call-ringing').waitFor();
  await page.keyboard.press('Alt+Y');
  await page.getByTestId('call-active').waitFor();
}

describe('identity and presence in the browser', () => {
  it('reload mid-call: asks first, then resumes in wrap-up for the dropped call, no ghost call on the board, presence works', async () => {
    const page = await openAgentPage(browser, app.host.url, { name: 'Rey Reload', extension: '1501' });
    await answerDemoCall(page, '1501');
    expect((await boardRow('1501'))?.call).not.toBeNull();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    // The session resumes from the tab's token: no sign-in screen, and the dropped call is in wrap-up.
    await page.getByRole('form', { name: /Wrap-up/ }).waitFor();
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Wrap-up');
    // The board shows the dropped call in wrap-up, no longer as talking.
    expect(await boardRow('1501')).toMatchObject({ state: 'wrap-up', call: { phase: 'wrap-up' } });
    const leg = await queryRow(app.fx.core.store, "SELECT end_reason FROM calls WHERE agent_id = (SELECT id FROM agents WHERE extension = '1501') ORDER BY id DESC LIMIT 1");
    expect(leg?.end_reason).toBe('agent-disconnected');
    await page.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => page.getByTestId('agent-state').textContent()).toBe('Available');
    // No ghost: once the wrap-up is done, the board shows no call for the agent at all.
    await expect.poll(async () => (await boardRow('1501'))?.call).toBeNull();
    await page.context().close();
  });

  it('a closed tab shows Disconnected on the board within the grace period + 5 s, then Offline', async () => {
    const page = await openAgentPage(browser, app.host.url, { name: 'Cleo Closed', extension: '1502' });
    await page.getByRole('button', { name: 'Available' }).click();
    await expect.poll(async () => (await boardRow('1502'))?.state).toBe('available');
    const closedAt = Date.now();
    await page.context().close();
    await expect.poll(async () => (await boardRow('1502'))?.state, { timeout: (GRACE_S + 5) * 1000 }).toBe('disconnected');
    expect(Date.now() - closedAt).toBeLessThan((GRACE_S + 5) * 1000);
    await expect.poll(async () => (await boardRow('1502'))?.state, { timeout: (OFFLINE_AFTER_S + 5) * 1000 }).toBe('offline');
  });

  it('the same extension in a second browser is offered a take-over; the first desk is told why and signed out', async () => {
    const first = await openAgentPage(browser, app.host.url, { name: 'Tao Twice', extension: '1503' });
    const context = await browser.newContext();
    const second = await context.newPage();
    await second.goto(app.host.url);
    await second.getByLabel('Extension', { exact: true }).fill('1503');
    await second.getByRole('button', { name: 'Sign in' }).click();
    const prompt = second.getByRole('alertdialog', { name: /signed in on another desk/ });
    await prompt.waitFor();
    expect(await first.getByTestId('agent-state').count()).toBe(1); // nothing happens to the first desk until confirmed
    await prompt.getByRole('button', { name: 'Take over' }).click();
    await second.getByTestId('agent-state').waitFor();
    await first.getByText(/signed in on another desk: this desk is signed out and no longer rings/).waitFor();
    expect(await first.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    await first.context().close();
    await context.close();
  });

  it('a wrong password gets a clear message', async () => {
    const { password } = await ok<{ password: string }>('agents.create', { name: 'Pat Password', extension: '1504' });
    expect(password.length).toBeGreaterThanOrEqual(12);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.host.url);
    await page.getByLabel('Extension', { exact: true }).fill('1504');
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong extension or password.').waitFor();
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('agent-state').waitFor();
    expect(await page.getByText('demo', { exact: true }).count()).toBe(0);
    await context.close();
  });

  it('a revoked wallboard stops receiving at once', async () => {
    const { token } = await ok<{ token: string }>('wallboard.createToken', { label: 'Lobby TV' });
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await context.newPage();
    await tv.goto(`${app.host.url}#/wallboard?token=${encodeURIComponent(token)}`);
    await tv.locator('main.wallboard[data-phase="ready"]').waitFor();
    const { tokens } = await ok<{ tokens: { id: number; label: string }[] }>('wallboard.listTokens', {});
    const id = tokens.find((t) => t.label === 'Lobby TV')?.id;
    const revokedAt = Date.now();
    await ok('wallboard.revokeToken', { tokenId: id });
    await tv.getByTestId('wallboard-error').getByText('This wallboard link was revoked.').waitFor({ timeout: 2000 });
    expect(Date.now() - revokedAt).toBeLessThan(2000);
    await context.close();
  });
});
