import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { createFloor, type Floor } from '../support/floor-sim';
import { serveApp, type ServedApp } from '../support/served-app';
import { supervisorContext } from '../support/seeded-core';
import { seriousA11yViolations } from '../support/a11y';

/** The wallboard's browser says this, so the server side can find (and cut) its WebSocket. */
const WALLBOARD_UA = 'frontline-e2e-wallboard';
const SLOW = { timeout: 30_000 };

let app: ServedApp;
let browser: Browser;
let floor: Floor;
let token: string;
let tv: Page;
const upgrades: { ua: string; socket: Socket }[] = [];

/** A fresh browser context (nobody signed in) opening a wallboard address. */
async function openWallboard(hash: string, ua = 'frontline-e2e-other'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, userAgent: ua });
  const page = await context.newPage();
  await page.goto(`${app.host.url}${hash}`);
  return page;
}

const view = (page: Page) => page.locator('main.wallboard').getAttribute('data-view');
/** Calls offered today, as the page's board store holds it (renderer/src/features/board-model/board-probe.ts). */
const offeredOnPage = (page: Page) =>
  page.evaluate(() => (window as unknown as { __board?: () => { state: { centre: { offered: number } } | null } }).__board?.().state?.centre.offered ?? 0);
const centre = async (page: Page, metric: string) => Number(await page.locator(`.wb-centre [data-metric="${metric}"]`).textContent());

beforeAll(async () => {
  app = await serveApp(500);
  app.host.server.on('upgrade', (req, socket: Socket) => upgrades.push({ ua: req.headers['user-agent'] ?? '', socket }));
  const boss = await supervisorContext(app.fx.core);
  const created = await app.fx.core.dispatch('wallboard.createToken', { label: 'Floor TV' }, boss);
  if (!created.ok) throw new Error(created.error.message);
  token = (created.value as { token: string }).token;
  floor = await createFloor(app.fx.core, { agents: 10, eventsPerSecond: 10, seed: 11 });
  floor.start();
  browser = await launchChromium();
  tv = await openWallboard(`#/wallboard?token=${encodeURIComponent(token)}&cycle=3`, WALLBOARD_UA);
});

afterAll(async () => {
  await floor?.stop();
  await browser?.close();
  await app?.close();
});

describe('wallboard (browser, read-only token)', () => {
  it('shows the live board with only its token: no sign-in, numbers moving with the floor', async () => {
    await tv.locator('main.wallboard[data-phase="ready"]').waitFor(SLOW);
    expect(await tv.getByLabel('Your name').count()).toBe(0);
    await tv.getByText('Floor TV').waitFor();
    await expect.poll(() => tv.getByTestId('wallboard-status').getAttribute('data-status'), SLOW).toBe('live');
    await expect.poll(() => view(tv), SLOW).toBe('queues');
    const offered = await centre(tv, 'offered');
    await expect.poll(() => centre(tv, 'offered'), SLOW).toBeGreaterThan(offered);
  });

  it('cycles between its views by itself', async () => {
    await expect.poll(() => view(tv), SLOW).toBe('agents');
    await expect.poll(() => tv.locator('.wb-agent').count(), SLOW).toBeGreaterThanOrEqual(10);
    await expect.poll(() => view(tv), SLOW).toBe('trends');
    await tv.getByRole('figure', { name: 'Service level per interval' }).waitFor(SLOW);
    await expect.poll(() => view(tv), SLOW).toBe('queues');
  });

  it('is readable by assistive technology too (axe: no serious violations)', async () => {
    expect(await seriousA11yViolations(tv)).toEqual([]);
  });

  it('says clearly when its token is wrong or missing', async () => {
    const bad = await openWallboard(`#/wallboard?token=${'x'.repeat(40)}`);
    await bad.getByTestId('wallboard-error').waitFor(SLOW);
    expect(await bad.getByRole('heading', { level: 1 }).textContent()).toBe('This wallboard link is not valid');
    expect(await bad.getByRole('alert').textContent()).toMatch(/refused this wallboard token/);
    const none = await openWallboard('#/wallboard');
    await none.getByTestId('wallboard-error').waitFor(SLOW);
    expect(await none.getByRole('alert').textContent()).toMatch(/no wallboard token/);
    await bad.context().close();
    await none.context().close();
  });

  it('cannot call agent or supervisor methods on a wallboard connection', async () => {
    const codes = await tv.evaluate(async (t) => {
      const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/api`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      let id = 0;
      const call = (method: string, params: unknown) =>
        new Promise<string>((resolve) => {
          const mine = ++id;
          ws.addEventListener('message', function answer(m) {
            const frame = JSON.parse(String(m.data)) as { id?: number; result?: { ok: boolean; error?: { code: string } } };
            if (frame.id !== mine) return;
            ws.removeEventListener('message', answer);
            resolve(frame.result?.ok === true ? 'ok' : (frame.result?.error?.code ?? '?'));
          });
          ws.send(JSON.stringify({ id: mine, method, params }));
        });
      const out: Record<string, string> = { 'wallboard.signIn': await call('wallboard.signIn', { token: t }) };
      for (const [method, params] of [
        ['board.subscribe', {}],
        ['agent.setState', { state: 'available' }],
        ['calls.report', { callKey: 'x', eventId: 'evt-12345678', at: Date.now(), event: { type: 'answered' } }],
        ['crm.lookupByPhone', { phone: '+442079460958' }],
        ['metrics.query', { scope: { kind: 'all' } }],
        ['board.ackAlert', { alertId: 'centre:staffing' }],
        ['board.trace', { scope: 'centre', metric: 'aht_s' }],
        ['board.calls', { callIds: [1] }],
        ['supervisor.setAgentState', { agentId: 1, state: 'break', reason: 'Lunch' }],
        ['wallboard.createToken', { label: 'Another' }],
      ] as const) {
        out[method] = await call(method, params);
      }
      ws.close();
      return out;
    }, token);
    const { 'wallboard.signIn': signedIn, 'board.subscribe': board, ...others } = codes;
    expect(signedIn).toBe('ok');
    expect(board).toBe('ok');
    expect(Object.entries(others).filter(([, code]) => code !== 'UNAUTHENTICATED')).toEqual([]);
  });

  it('presents its token again after the connection drops and carries on live', async () => {
    const own = () => upgrades.filter((u) => u.ua === WALLBOARD_UA);
    const before = own().length;
    for (const { socket } of own()) socket.destroy();
    await expect.poll(() => own().length, SLOW).toBeGreaterThan(before);
    await expect.poll(() => tv.getByTestId('wallboard-status').getAttribute('data-status'), SLOW).toBe('live');
    const offered = await offeredOnPage(tv);
    await expect.poll(() => offeredOnPage(tv), SLOW).toBeGreaterThan(offered);
  });

  it('looks right on a 1920×1080 screen', async () => {
    if (process.env.UPDATE_SCREENSHOTS !== '1') return;
    await floor.pause();
    const still = await openWallboard(`#/wallboard?token=${encodeURIComponent(token)}&view=queues`);
    await still.locator('main.wallboard[data-phase="ready"]').waitFor(SLOW);
    await expect.poll(() => still.getByTestId('wallboard-status').getAttribute('data-status'), SLOW).toBe('live');
    if (process.env.UPDATE_SCREENSHOTS === '1') await still.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'wallboard.png') });
    floor.start();
  });
});
