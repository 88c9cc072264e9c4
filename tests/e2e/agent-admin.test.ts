import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { serveApp, type ServedApp } from '../support/served-app';
import { supervisorContext, TEST_SUPERVISOR_PASSWORD } from '../support/seeded-core';

/**
 * The supervisor's agent management in the browser (issue 11): add an agent (the server issues the
 * password, shown once), see them signed in, reset their password (their desk is signed out at
 * once), deactivate them; supervisors listed apart from agents; every action in the audit log.
 */
let app: ServedApp;
let browser: Browser;
let auditor: CallContext;

beforeAll(async () => {
  app = await serveApp(300);
  browser = await launchChromium();
  // The page's supervisor (not signed in here: one desk per extension), and the test's own auditor.
  await upsertSupervisor(app.fx.core.connection.db, { name: 'Ada Admin', extension: '9911', password: TEST_SUPERVISOR_PASSWORD }, Date.now());
  auditor = await supervisorContext(app.fx.core, '9912', 'Otto Auditor');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, extension: string, password: string, name = ''): Promise<void> {
  await page.goto(app.host.url);
  if (name !== '') await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Extension', { exact: true }).fill(extension);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('agent management (browser)', () => {
  it('adds an agent with an issued password, shows them signed in, resets their password (their desk signs out) and deactivates them, all audited', async () => {
    const boardContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const board = await boardContext.newPage();
    await signIn(board, '9911', TEST_SUPERVISOR_PASSWORD, 'Ada Admin');
    await board.getByRole('heading', { name: 'Floor board' }).waitFor({ timeout: 30_000 });
    await board.getByRole('button', { name: 'Agents…' }).click();
    const dialog = board.getByRole('dialog', { name: 'Agents and supervisors' });
    await dialog.getByLabel('Name').fill('Nia New');
    await dialog.getByLabel('Extension').fill('4701');
    await dialog.getByRole('button', { name: 'Add' }).click();
    const issued = dialog.getByTestId('issued-password');
    await issued.waitFor();
    const password = (await issued.locator('code').textContent()) ?? '';
    expect(password).toMatch(/^\S{12}$/);
    const agentsTable = dialog.getByRole('region', { name: /^Agents/ });
    const supervisorsTable = dialog.getByRole('region', { name: /^Supervisors/ });
    const nia = agentsTable.locator('tr[data-extension="4701"]');
    await expect.poll(() => nia.getByTestId('signed-in').textContent(), { timeout: 10_000 }).toBe('Signed out');
    // Supervisors who do not take calls are listed apart.
    await supervisorsTable.locator('tr[data-extension="9911"]').waitFor();
    expect(await agentsTable.locator('tr[data-extension="9911"]').count()).toBe(0);

    // The new agent signs in with the issued password; the dialog shows it live.
    const deskContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const desk = await deskContext.newPage();
    await signIn(desk, '4701', password);
    await desk.getByRole('button', { name: 'Available' }).click();
    await expect.poll(() => nia.getByTestId('signed-in').textContent(), { timeout: 10_000 }).toBe('Available');
    if (process.env.UPDATE_SCREENSHOTS === '1') await board.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'agents-dialog.png') });

    // Reset: a new password shown once, and the agent's desk is signed out at once.
    await dialog.getByRole('button', { name: 'Reset password of Nia New' }).click();
    // Hashing the new password (scrypt) takes a while on a busy machine.
    await expect.poll(async () => (await issued.locator('code').textContent()) !== password, { timeout: 15_000 }).toBe(true);
    await desk.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    const fresh = (await issued.locator('code').textContent()) ?? '';

    // Deactivated: the new password no longer gets in.
    await dialog.getByRole('button', { name: 'Deactivate Nia New' }).click();
    await nia.getByText('Deactivated').waitFor();
    await signIn(desk, '4701', fresh);
    await desk.getByText(/deactivated/i).waitFor();

    const audit = await app.fx.core.dispatch('audit.list', { kind: 'supervisor.', limit: 50 }, auditor);
    if (!audit.ok) throw new Error(audit.error.message);
    const entries = (audit.value as { entries: { principal: string; detail: Record<string, unknown> }[] }).entries;
    const actions = entries.filter((e) => e.principal === 'supervisor:9911').map((e) => e.detail.method);
    expect(actions).toEqual(expect.arrayContaining(['agents.create', 'agents.resetPassword', 'agents.update']));
    expect(JSON.stringify(entries)).not.toContain(password);
    expect(JSON.stringify(entries)).not.toContain(fresh);
    await deskContext.close();
    await boardContext.close();
  });
});
