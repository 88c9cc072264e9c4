import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { BoardSnapshot, BoardState } from '../../shared/contract/schemas/board';
import type { MetricsReport } from '../../shared/contract/schemas/metrics';
import { openAgentPage } from '../support/agent-page';
import { REPO_ROOT } from '../support/app-process';
import { launchChromium } from '../support/browser';
import { inbound, report } from '../support/call-reports';
import { createFloor, type Floor } from '../support/floor-sim';
import { serveApp, type ServedApp } from '../support/served-app';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import { signedInContext, supervisorContext, TEST_SUPERVISOR_PASSWORD } from '../support/seeded-core';
import { seriousA11yViolations } from '../support/a11y';
import { queryRow } from '../support/test-stores';

/** The board page's browser says this, so the server side can find (and cut) its WebSocket. */
const BOARD_UA = 'frontline-e2e-board';
const SUPERVISOR = { name: 'Sue Supervisor', extension: '9900' };
const SECOND_SUPERVISOR = { name: 'Sid Second', extension: '9902' };
const SLOW = { timeout: 30_000 };

let app: ServedApp;
let browser: Browser;
let floor: Floor;
let boss: CallContext;
let board: Page;
const upgrades: { ua: string; socket: Socket }[] = [];

async function ok<T>(method: string, params: unknown, ctx: CallContext = boss): Promise<T> {
  const r = await app.fx.core.dispatch(method, params, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function signInAsSupervisor(page: Page, who: { name: string; extension: string } = SUPERVISOR): Promise<void> {
  await page.goto(app.host.url);
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Extension', { exact: true }).fill(who.extension);
  await page.getByLabel(/^Password/).fill(TEST_SUPERVISOR_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openBoardPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, userAgent: BOARD_UA });
  const page = await context.newPage();
  await signInAsSupervisor(page);
  await page.getByRole('heading', { name: 'Floor board' }).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="board-status"][data-status="live"]').waitFor(SLOW);
  return page;
}

/** A board as the core and the page hold it, made comparable: no generation time, lists in key order. */
function normalised(state: BoardState): BoardState {
  return {
    ...state,
    generatedAt: 0,
    agents: [...state.agents].sort((a, b) => a.agentId - b.agentId),
    queues: [...state.queues].sort((a, b) => a.queueId - b.queueId),
    teams: [...state.teams].sort((a, b) => a.teamId - b.teamId),
    alerts: [...state.alerts].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** What the page exposes for tests and benchmarks (renderer/src/features/board-model/board-probe.ts). */
interface BoardProbe {
  __board?: () => { seq: number; state: BoardState | null };
  __boardLatency?: number[];
  __boardRenderLatency?: number[];
}

const pageBoard = (page: Page) => page.evaluate(() => (window as unknown as BoardProbe).__board?.() ?? null);

/** 'none', or the first part of the board where the page and the core disagree. */
function boardDifference(mine: { seq: number; state: BoardState | null } | null, core: BoardSnapshot): string {
  if (mine === null || mine.state === null) return 'no board on the page';
  if (mine.seq !== core.seq) return `seq: page ${mine.seq}, core ${core.seq}`;
  const a = normalised(mine.state);
  const b = normalised(core.state);
  const part = (Object.keys(b) as (keyof typeof b)[]).find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return part === undefined ? 'none' : `${part} differs`;
}

/** A cell's raw value as the page shows it (data-value), null for an empty cell. */
async function cellValue(page: Page, scope: string, metric: string): Promise<number | null> {
  const raw = await page.locator(`${scope} [data-metric="${metric}"]`).first().getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

/** Where the page's numbers differ from the metrics engine's for the same scope; empty when they agree. */
async function differences(page: Page, scopeSelector: string, scope: object, metrics: Record<string, string>): Promise<string[]> {
  const report = await ok<MetricsReport>('metrics.query', { scope });
  const out: string[] = [];
  for (const [engineName, boardName] of Object.entries(metrics)) {
    const engine = report.metrics.find((m) => m.metric === engineName)?.value ?? null;
    const shown = await cellValue(page, scopeSelector, boardName);
    if (shown !== engine) out.push(`${scopeSelector} ${boardName}: board ${shown}, engine ${engine}`);
  }
  return out;
}

beforeAll(async () => {
  app = await serveApp(500);
  app.host.server.on('upgrade', (req, socket: Socket) => upgrades.push({ ua: req.headers['user-agent'] ?? '', socket }));
  // The page signs in as Sue; the test's own supervisor session is another supervisor (one desk per extension).
  for (const s of [SUPERVISOR, SECOND_SUPERVISOR]) await upsertSupervisor(app.fx.core.connection.db, { ...s, password: TEST_SUPERVISOR_PASSWORD }, Date.now());
  boss = await supervisorContext(app.fx.core, '9901', 'Bo Boss');
  floor = await createFloor(app.fx.core, { agents: 12, eventsPerSecond: 12, seed: 7, teams: ['Front office', 'Retention squad'] });
  floor.start();
  browser = await launchChromium();
  board = await openBoardPage();
});

afterAll(async () => {
  await floor?.stop();
  await browser?.close();
  await app?.close();
});

describe('supervisor board (browser, simulated floor)', () => {
  it('shows every agent in the state the core has, with numbers equal to the metrics engine', async () => {
    await expect.poll(() => floor.events, SLOW).toBeGreaterThan(60);
    await floor.pause();
    await expect
      .poll(async () => {
        const wrong: string[] = [];
        for (const a of floor.agents) {
          const shown = await board.locator(`tr[data-agent-id="${a.agentId}"]`).getAttribute('data-state');
          if (shown !== a.status.state) wrong.push(`${a.name}: board ${shown}, core ${a.status.state}`);
        }
        return wrong;
      }, SLOW)
      .toEqual([]);
    const agentMetrics = { aht_s: 'aht_s', agent_frt_s: 'agent_frt_s', fcr_pct: 'fcr_pct', handled: 'handled' };
    const queueMetrics = { service_level_pct: 'service_level_pct', asa_s: 'asa_s', abandon_pct: 'abandon_pct' };
    const queues = (await ok<BoardSnapshot>('board.subscribe', {})).state.queues.filter((q) => q.offered > 0);
    expect(queues.length).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const wrong: string[] = [];
        for (const a of floor.agents.slice(0, 4)) {
          wrong.push(...(await differences(board, `tr[data-agent-id="${a.agentId}"]`, { kind: 'agent', agentId: a.agentId }, agentMetrics)));
        }
        for (const q of queues.slice(0, 2)) {
          wrong.push(...(await differences(board, `[data-queue-id="${q.queueId}"]`, { kind: 'queue', queueId: q.queueId }, queueMetrics)));
        }
        wrong.push(...(await differences(board, '[data-testid="centre-summary"]', { kind: 'all' }, { ...queueMetrics, aht_s: 'aht_s', handled: 'handled' })));
        return wrong;
      }, SLOW)
      .toEqual([]);
    // What people read is the same number, formatted.
    const first = floor.agents.find((a) => a.status.state !== 'offline');
    const handled = await board.locator(`tr[data-agent-id="${first?.agentId}"] [data-metric="handled"]`).textContent();
    expect(handled).toBe(String(await cellValue(board, `tr[data-agent-id="${first?.agentId}"]`, 'handled')));
    floor.start();
  });

  it('lists the calls behind a number with their timestamps (drill-down), in a labelled modal dialog', async () => {
    const cell = board.locator('tr.agent-row [data-metric="aht_s"] button').first();
    await cell.waitFor(SLOW);
    await cell.click();
    const dialog = board.getByRole('dialog', { name: /AHT today/ });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await expect.poll(() => dialog.locator('tbody tr').count(), SLOW).toBeGreaterThan(0);
    // The number as traced (board.trace): the formula the listed calls add up to.
    expect(await dialog.getByTestId('drill-formula').textContent()).toContain('AHT =');
    const ids = await dialog.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-call-id'))));
    const calls = (await ok<{ calls: { callId: number; answeredAt: number | null }[] }>('board.calls', { callIds: ids })).calls;
    expect(calls.map((c) => c.callId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(calls.every((c) => c.answeredAt !== null)).toBe(true);
    expect(await seriousA11yViolations(board)).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') await board.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'board-drill-down.png') });
    await board.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the number that opened it.
    expect(await board.evaluate(() => document.activeElement?.classList.contains('cell-button'))).toBe(true);
  });

  it('sorts by a column and filters by team; offline agents are hidden until asked for', async () => {
    const header = board.getByRole('columnheader', { name: /In state/ });
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await board.getByLabel('Team', { exact: true }).selectOption('Retention squad');
    await expect.poll(() => board.locator('tr.agent-row td:nth-child(2)').allTextContents()).toEqual(Array(6).fill('Retention squad'));
    await board.getByLabel('Team', { exact: true }).selectOption('');

    const gone = await signedInContext(app.fx.core, '1497');
    await ok('agent.signOut', {}, gone);
    const offline = board.locator('tr.agent-row[data-state="offline"]');
    // On the board (as the page holds it), yet not in the table.
    await expect.poll(async () => (await pageBoard(board))?.state?.agents.find((a) => a.extension === '1497')?.state, SLOW).toBe('offline');
    expect(await offline.count()).toBe(0);
    await board.getByLabel('Show offline').check();
    await expect.poll(() => offline.count(), SLOW).toBe(1);
    await board.getByLabel('Show offline').uncheck();
  });

  it('shows a state change made in an agent’s own window, and lets the supervisor change it back with a reason', async () => {
    const agent = await openAgentPage(browser, app.host.url, { name: 'Bea Break', extension: '1401' });
    await agent.getByRole('button', { name: 'Available' }).click();
    const row = board.locator('tr.agent-row', { has: board.getByText('Bea Break') });
    await expect.poll(() => row.getAttribute('data-state'), SLOW).toBe('available');
    await agent.getByLabel('Break reason').selectOption('Lunch');
    await agent.getByRole('button', { name: 'Break', exact: true }).click();
    await expect.poll(() => row.getAttribute('data-state'), SLOW).toBe('break');
    expect(await row.locator('.state-reason').textContent()).toBe('Lunch');

    // The supervisor sends her back, with the keyboard only.
    await row.getByRole('button', { name: 'Change state of Bea Break' }).focus();
    await board.keyboard.press('Enter');
    const dialog = board.getByRole('dialog', { name: 'Change state: Bea Break' });
    await dialog.waitFor();
    await dialog.getByLabel('Available').check();
    await dialog.getByLabel(/Reason/).fill('Queue is busy');
    await dialog.getByLabel(/Reason/).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => agent.getByTestId('agent-state').textContent(), SLOW).toBe('Available');
    await expect.poll(() => row.getAttribute('data-state'), SLOW).toBe('available');
    await agent.context().close();
  });

  it('raises an alert that sounds and that a supervisor acknowledges', async () => {
    const late = await signedInContext(app.fx.core, '1498');
    await ok('agent.setState', { state: 'available' }, late);
    await ok('queues.create', { name: 'Escalations' }, boss);
    // A caller who waited a minute before being answered: the Escalations queue is at 0% service level.
    await report(app.fx.core, late, 'esc-1', inbound('+442079460999', { queue: 'Escalations', waitedMs: 60_000 }), Date.now());
    await report(app.fx.core, late, 'esc-1', { type: 'answered' }, Date.now());
    const alert = board.locator('li.alert', { hasText: 'Escalations: service level' });
    await alert.waitFor(SLOW);
    await expect.poll(async () => Number(await board.locator('.alerts-bar').getAttribute('data-beeps'))).toBeGreaterThan(0);
    await alert.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect.poll(() => alert.textContent(), SLOW).toContain('Acknowledged by Sue Supervisor');
  });

  it('keeps an alert that cleared before anyone acknowledged it listed as cleared, still readable (axe), until acknowledged', async () => {
    const agent = await signedInContext(app.fx.core, '1496');
    await ok('agent.setState', { state: 'available' }, agent);
    await ok('queues.create', { name: 'Renewals' }, boss);
    const call = async (id: string, waitedMs: number) => {
      await report(app.fx.core, agent, id, inbound('+442079460998', { queue: 'Renewals', waitedMs }), Date.now());
      await report(app.fx.core, agent, id, { type: 'answered' }, Date.now());
      await report(app.fx.core, agent, id, { type: 'ended', reason: 'remote-hangup' }, Date.now());
    };
    await call('ren-1', 60_000);
    const alert = board.locator('li.alert', { hasText: 'Renewals: service level' });
    await alert.waitFor(SLOW);
    // Five callers answered at once lift the queue above its target.
    for (let i = 2; i <= 6; i++) await call(`ren-${i}`, 1_000);
    await expect.poll(() => alert.getAttribute('class'), SLOW).toContain('alert-cleared');
    expect(await seriousA11yViolations(board)).toEqual([]);
    await alert.getByRole('button', { name: /^Acknowledge/ }).click();
    await alert.waitFor({ state: 'detached', ...SLOW });
  });

  it('refuses supervisor methods to an agent over the real WebSocket (FORBIDDEN)', async () => {
    const driver = await app.client('1402');
    try {
      const agentId = floor.agents[0]?.agentId ?? 1;
      for (const [method, params] of [
        ['board.subscribe', {}],
        ['board.resync', { since: 0 }],
        ['board.trace', { scope: 'centre', metric: 'aht_s' }],
        ['board.calls', { callIds: [1] }],
        ['board.ackAlert', { alertId: 'queue:1:abandon' }],
        ['supervisor.setAgentState', { agentId, state: 'break', reason: 'Lunch' }],
        ['wallboard.createToken', { label: 'Sneaky' }],
      ] as const) {
        const r = await driver.call(method, params);
        expect(r.ok ? 'ok' : r.error.code, method).toBe('FORBIDDEN');
      }
    } finally {
      driver.close();
    }
  });

  it('passes axe without serious violations, switches to the desk and back with Alt+V, and makes a wallboard link', async () => {
    expect(await seriousA11yViolations(board)).toEqual([]);
    await board.keyboard.press('Alt+V');
    await board.getByRole('button', { name: 'Desk', pressed: true }).waitFor();
    await board.keyboard.press('Alt+V');
    await board.getByRole('heading', { name: 'Floor board' }).waitFor();
    await board.getByRole('button', { name: 'Wallboard link…' }).click();
    const dialog = board.getByRole('dialog', { name: 'Wallboard link' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const url = await dialog.getByTestId('wallboard-url').inputValue();
    expect(url).toMatch(new RegExp(`^${app.host.url.replace(/[.]/g, '\\.')}#/wallboard\\?token=[^&]{16,}$`));
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('lets a supervisor set a queue its own SLA target, which the core then applies', async () => {
    await board.getByRole('button', { name: 'Targets…' }).click();
    const dialog = board.getByRole('dialog', { name: 'SLA targets' });
    await dialog.getByLabel('For').selectOption({ label: 'Queue · Sales' });
    await dialog.getByLabel('AHT target').fill('300');
    await dialog.getByRole('row', { name: /AHT/ }).getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('AHT saved').waitFor();
    expect(await dialog.getByRole('row', { name: /AHT/ }).getByText('set here').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const sales = await queryRow<{ id: number }>(app.fx.core.store, "SELECT id FROM queues WHERE name = 'Sales'");
    const stored = await queryRow(app.fx.core.store, "SELECT target FROM sla_targets WHERE scope = 'queue' AND scope_id = ? AND metric = 'aht_s'", sales?.id);
    expect(stored).toEqual({ target: 300 });
  });

  it('after its WebSocket is cut mid-stream, catches up to exactly the core’s board', async () => {
    const ownSockets = () => upgrades.filter((u) => u.ua === BOARD_UA);
    const before = ownSockets().length;
    const eventsBefore = floor.events;
    let refusing = true;
    // Keep the board off the server while the floor moves on: its reconnects are cut too, until the floor has made 30 more events.
    const refuse = (req: { headers: { 'user-agent'?: string } }, socket: Socket) => {
      if (refusing && req.headers['user-agent'] === BOARD_UA) socket.destroy();
    };
    app.host.server.on('upgrade', refuse);
    for (const { socket } of ownSockets()) socket.destroy();
    await expect.poll(() => board.getByTestId('board-status').getAttribute('data-status'), SLOW).toBe('offline');
    await expect.poll(() => floor.events, SLOW).toBeGreaterThan(eventsBefore + 30);
    refusing = false;
    await expect.poll(() => board.getByTestId('board-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
    expect(ownSockets().length).toBeGreaterThan(before + 1);
    app.host.server.off('upgrade', refuse);

    await floor.pause();
    await expect.poll(async () => boardDifference(await pageBoard(board), await ok<BoardSnapshot>('board.subscribe', {})), SLOW).toBe('none');
    expect(floor.errors).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await board.mouse.move(0, 0);
      await board.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshots', 'board.png') });
    }
    floor.start();
  });

  it('notices a missing delta number and repairs the gap with board.resync', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const sent: string[] = [];
    let deltas = 0;
    let dropped = 0;
    // Between the page and the server: lose the fifth board delta, as a broken relay would.
    await context.routeWebSocket(/\/api$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        sent.push((JSON.parse(String(message)) as { method: string }).method);
        server.send(message);
      });
      server.onMessage((message) => {
        if ((JSON.parse(String(message)) as { event?: string }).event === 'board.delta' && ++deltas === 5) {
          dropped++;
          return;
        }
        ws.send(message);
      });
    });
    const page = await context.newPage();
    // Another supervisor: Sue's board stays open (one desk per extension).
    await signInAsSupervisor(page, SECOND_SUPERVISOR);
    await expect.poll(() => dropped, SLOW).toBe(1);
    await expect.poll(() => sent.includes('board.resync'), SLOW).toBe(true);
    await floor.pause();
    await expect.poll(async () => boardDifference(await pageBoard(page), await ok<BoardSnapshot>('board.subscribe', {})), SLOW).toBe('none');
    floor.start();
    await context.close();
  });

  it('records how long each delta took from the core to the page (for the benchmark)', async () => {
    const samples = await board.evaluate(() => {
      const probe = window as unknown as BoardProbe;
      return { applied: probe.__boardLatency?.length ?? 0, rendered: probe.__boardRenderLatency?.length ?? 0 };
    });
    expect(samples.applied).toBeGreaterThan(0);
    expect(samples.rendered).toBeGreaterThan(0);
  });

  it('draws only the agent rows in view on a big floor, and the others as they are scrolled to', async () => {
    // 120 more agents sign in (the floor's 12 keep going): far more rows than the table shows at once.
    for (let i = 0; i < 120; i++) await signedInContext(app.fx.core, String(3000 + i));
    const signedIn = async () => (await pageBoard(board))?.state?.agents.filter((a) => a.state !== 'offline').length ?? 0;
    await expect.poll(signedIn, SLOW).toBeGreaterThanOrEqual(132);
    const table = board.getByTestId('agent-table');
    // The table still tells assistive technology how many rows it has (the header row included).
    await expect.poll(async () => Number(await table.getAttribute('aria-rowcount')), SLOW).toBeGreaterThan(132);
    const drawn = await board.locator('tr.agent-row').count();
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(60);
    // Sorted by name, Z to A, "Agent 3000" comes last: drawn only once scrolled to the bottom.
    const byName = board.getByRole('columnheader', { name: /Agent/ });
    while ((await byName.getAttribute('aria-sort')) !== 'descending') await byName.getByRole('button').click();
    const last = board.locator('tr.agent-row', { has: board.getByText('Agent 3000', { exact: true }) });
    expect(await last.count()).toBe(0);
    await board.locator('.agents-panel .table-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await last.waitFor(SLOW);
    expect(await board.locator('tr.agent-row').count()).toBeLessThan(60);
  });
});
