import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routedContactKey } from '../../electron/core/routing/queue-legs';
import { PLANTED_CUSTOMERS } from '../../electron/core/seed/planted-customers';
import { startKamailioRouter, type KamailioRouter } from '../../electron/server/pbx/kamailio-router';
import { openAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { submitWrapUpByKeys } from '../support/demo-desk';
import { listenForRtp } from '../support/rtp-listener';
import { sipBurst } from '../support/sip-burst';
import type { QueuePolicy } from '../../shared/domain/routing/queue-policy';
import { supervisorContext } from '../support/seeded-core';
import { serveApp, type ServedApp } from '../support/served-app';
import { queryRow, queryRows } from '../support/test-stores';
import { writeHostileScenario } from './sip/hostile-caller';
import { LAB, LAB_AGENTS, LAB_MUSIC, LAB_PHONE, LAB_QUEUES, LAB_UNKNOWN_QUEUE, runSipp, sipLabMissing, startSipLab, type SipLabRig, type SippRun } from '../support/sip-rig';

/**
 * Issue 13 on the real lab: Kamailio holds each queue call and asks Frontline over evapi (the PBX
 * adapter signed in as the PBX principal); three agents registered from Chromium. One lab start,
 * one browser, three pages for the whole file.
 */
const missing = sipLabMissing({ routing: true });
let rig: SipLabRig;
let app: ServedApp;
let browser: Browser;
let router: KamailioRouter | null = null;
let token: string;
const pages = new Map<string, Page>();
let sippPort = 6400;
let callerNumber = 100;
const OLIVIA_PHONE = PLANTED_CUSTOMERS[0]!.phones[0]!.e164;

const page = (extension: string): Page => pages.get(extension) as Page;
const nextCaller = (): string => `+4477009${String(++callerNumber).padStart(5, '0')}`;

function call(scenario: string, keys: Record<string, string> = {}, load?: { calls: number; perSecond: number }): Promise<SippRun> {
  sippPort += 10; // sipp binds media at +1000 and the next three ports
  const run = runSipp(scenario, { display: 'Routed Caller', service: LAB_QUEUES.billing, pai: nextCaller(), ...keys }, sippPort, 1_000, 60, load);
  return run;
}

async function expectSippOk(run: Promise<SippRun>): Promise<void> {
  const result = await run;
  expect(result.code, `${result.output.slice(-2500)}\n${rig.logs().slice(-2500)}`).toBe(0);
}

/** The one page that rings now (the others must not). */
async function ringing(): Promise<string> {
  let found: string[] = [];
  try {
    await expect
      .poll(
        async () => {
          found = [];
          for (const [ext, p] of pages) if ((await p.getByTestId('call-ringing').count()) > 0) found.push(ext);
          return found.length;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
  } catch (error) {
    throw new Error(`${(error as Error).message}: pages ringing ${JSON.stringify(found)}; Kamailio said:\n${kamailioTail()}`);
  }
  return found[0] as string;
}

async function becomeAvailable(extension: string): Promise<void> {
  const p = page(extension);
  await p.getByRole('button', { name: 'Available' }).click();
  await p.getByTestId('agent-state').getByText('Available').waitFor();
}

/** Hang up the agent's call and log its wrap-up: the agent is Available again (unless a waiting caller rings them at once). */
async function hangUpAndWrapUp(extension: string, thenAvailable = true): Promise<void> {
  const p = page(extension);
  await p.keyboard.press('Alt+E');
  await expect.poll(() => p.locator('[data-testid^="call-"]').count(), { timeout: 10_000 }).toBe(0);
  await p.getByRole('form', { name: /Wrap-up/ }).waitFor();
  await submitWrapUpByKeys(p);
  if (thenAvailable) await expect.poll(() => p.getByTestId('agent-state').textContent(), { timeout: 10_000 }).toContain('Available');
}

async function answer(extension: string): Promise<void> {
  const p = page(extension);
  await p.keyboard.press('Alt+Y');
  await p.getByTestId('call-active').waitFor();
}

/** Every agent is free again and no reservation is left behind. */
async function noReservationLeft(): Promise<void> {
  await expect
    .poll(() => countOf('SELECT COUNT(*) AS n FROM agent_desks WHERE reserved_decision IS NOT NULL'), { timeout: 15_000 })
    .toBe(0);
  for (const p of pages.values()) await expect.poll(() => p.locator('[data-testid^="call-"]').count(), { timeout: 15_000 }).toBe(0);
}

/** Change the Billing queue's policy for one test (routing.setQueue, as a supervisor would on the board). */
async function setBilling(policy: Partial<QueuePolicy>): Promise<void> {
  const supervisor = await supervisorContext(app.fx.core);
  const billing = await queryRow<{ id: number }>(app.fx.core.store, "SELECT id FROM queues WHERE name = 'Billing'");
  if (billing === undefined) throw new Error('no Billing queue');
  const r = await app.fx.core.dispatch('routing.setQueue', { queueId: billing.id, policy }, supervisor);
  if (!r.ok) throw new Error(r.error.message);
}

/** The count a `SELECT COUNT(*) AS n …` gives (a number on SQLite, a bigint string on PostgreSQL). */
const countOf = async (text: string, ...params: unknown[]): Promise<number> => Number((await queryRow<{ n: number | string }>(app.fx.core.store, text, ...params))?.n);
const agentIdOf = async (extension: string): Promise<number | undefined> =>
  (await queryRow<{ id: number }>(app.fx.core.store, 'SELECT id FROM agents WHERE extension = ?', extension))?.id;
const agentDecisions = (callId: string): Promise<{ agent_id: number }[]> =>
  queryRows(app.fx.core.store, "SELECT agent_id FROM route_decisions WHERE sip_call_id = ? AND kind = 'agent' ORDER BY at", callId);
const waitDecisions = (callId: string): Promise<{ step: string }[]> =>
  queryRows(app.fx.core.store, "SELECT step FROM route_decisions WHERE sip_call_id = ? AND kind = 'wait' ORDER BY at", callId);
/** A media port for a queued caller's SDP where nobody listens (the music goes nowhere). */
const quietPort = (): string => String(45_000 + 2 * callerNumber);

/** Every agent ends the test Available (a miss or two may have put one on a break). */
async function everyoneAvailable(): Promise<void> {
  for (const extension of LAB_AGENTS) {
    const state = await page(extension).getByTestId('agent-state').textContent();
    if (!(state ?? '').includes('Available')) await becomeAvailable(extension);
  }
}

function startRouter(withToken = token): Promise<KamailioRouter> {
  return startKamailioRouter({ core: app.fx.core, host: '127.0.0.1', port: LAB.evapiPort, token: withToken, reconnectMs: 200, music: LAB_MUSIC });
}

const kamailioTail = (): string =>
  rig
    .logs()
    .split('\n')
    .filter((l) => l.startsWith('[kamailio]'))
    .slice(-400)
    .join('\n');
const connections = (): number => rig.logs().match(/router connected/g)?.length ?? 0;

/** Start the PBX adapter and wait until Kamailio has counted its connection (its event route logs it). */
async function routerConnected(): Promise<KamailioRouter> {
  const before = connections();
  const started = await startRouter();
  const deadline = Date.now() + 5_000;
  while (connections() === before) {
    if (Date.now() > deadline) throw new Error('Kamailio never saw the router connect');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return started;
}

describe.skipIf(missing !== null)('real SIP routing: Kamailio asks Frontline over evapi, sipp callers, three agents in Chromium', () => {
  beforeAll(async () => {
    rig = await startSipLab({ routing: true });
    app = await serveApp(500);
    const supervisor = await supervisorContext(app.fx.core);
    const created = await app.fx.core.dispatch('pbx.createCredential', { label: 'Lab Kamailio' }, supervisor);
    if (!created.ok) throw new Error(created.error.message);
    token = (created.value as { token: string }).token;
    const queue = await app.fx.core.dispatch('queues.create', { name: 'Billing' }, supervisor);
    if (!queue.ok) throw new Error(queue.error.message);
    browser = await launchChromium();
    for (const extension of LAB_AGENTS) {
      const pg = await openAgentPage(browser, app.host.url, { name: `Agent ${extension}`, extension }, { ...LAB_PHONE, username: extension });
      pages.set(extension, pg);
    }
    // Available in this order: 1001 has been idle longest.
    for (const extension of LAB_AGENTS) await becomeAvailable(extension);
    router = await routerConnected();
  });

  afterAll(async () => {
    await router?.stop();
    await browser?.close();
    await app?.close();
    await rig?.stop();
  });

  it('refuses a wrong or missing PBX credential, clearly and audited; Kamailio is then never asked', async () => {
    await expect(startRouter('not-the-credential-of-this-pbx')).rejects.toThrow(/PBX credential was refused \(UNAUTHENTICATED: unknown or revoked PBX credential\)/);
    await expect(startRouter('')).rejects.toThrow(/PBX credential was refused \(INVALID_INPUT/);
    expect(await countOf("SELECT COUNT(*) AS n FROM security_audit WHERE kind = 'pbx.signInFailed'")).toBe(2);
    expect(rig.logs().match(/router connected/g)?.length).toBe(1);
  });

  it('offers calls to the longest-idle agent first, one recorded decision per call, each desk taking the pop the router pushed', async () => {
    const sipps: Promise<SippRun>[] = [];
    for (const expected of LAB_AGENTS) {
      sipps.push(call('uac-wait-bye.xml'));
      expect(await ringing()).toBe(expected);
      await answer(expected);
    }
    // Each desk took the pop the router pushed (its INVITE carried X-Frontline-Route, no lookup of its own).
    for (const extension of LAB_AGENTS) {
      const marks = await page(extension).evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
      expect(marks.filter((m) => /^routed-pop-(before|after)-invite:/.test(m)), `${extension}: ${marks.join(', ')}`).toHaveLength(1);
    }
    for (const extension of LAB_AGENTS) await hangUpAndWrapUp(extension);
    for (const sipp of sipps) await expectSippOk(sipp);
    // Every INVITE the agents got carried the decision that reserved them.
    expect(await countOf("SELECT COUNT(*) AS n FROM route_decisions WHERE kind = 'agent'")).toBe(3);
    // Each agent leg joins its caller's contact under the key Frontline gives queue-only legs too.
    const legs = await queryRows<{ sip_call_id: string; contact_key: string }>(app.fx.core.store, 'SELECT sip_call_id, contact_key FROM calls WHERE agent_id IS NOT NULL');
    expect(legs).toHaveLength(3);
    for (const leg of legs) expect(leg.contact_key).toBe(routedContactKey(leg.sip_call_id));
  });

  it('gives a declined offer to the next agent', async () => {
    const sipp = call('uac-wait-bye.xml');
    const first = await ringing();
    await page(first).keyboard.press('Alt+N');
    let second = first;
    await expect.poll(async () => (second = await ringing())).not.toBe(first);
    await answer(second);
    await hangUpAndWrapUp(second);
    await expectSippOk(sipp);
    // The decliner is still free (a decline is not a miss), and nothing stays reserved.
    await noReservationLeft();
  });

  it('holds a caller with 182 Queued and queue music while every agent is busy, then connects them: the agent’s audio replaces the music', async () => {
    const media = await listenForRtp();
    try {
      const busy: Promise<SippRun>[] = [];
      for (let i = 0; i < LAB_AGENTS.length; i++) {
        busy.push(call('uac-wait-bye.xml'));
        await answer(await ringing());
      }
      const queued = call('uac-queued.xml', { rtp_port: String(media.port) });
      await expect.poll(() => rig.logs().includes('queued (182 Queued) with music'), { timeout: 5_000 }).toBe(true);
      // Music reaches the caller's media port while nobody rings (rtpengine plays 50 packets a second).
      await expect.poll(() => media.packets(), { timeout: 3_000 }).toBeGreaterThan(25);
      for (const p of pages.values()) expect(await p.getByTestId('call-ringing').count()).toBe(0);
      expect(media.sources()).toHaveLength(1);
      const musicSsrc = media.sources()[0]?.ssrc;
      // The waiting caller is offered to the first agent who is free again, at once.
      await hangUpAndWrapUp(LAB_AGENTS[0], false);
      expect(await ringing()).toBe(LAB_AGENTS[0]);
      await answer(LAB_AGENTS[0]);
      // The agent's audio (Chromium's fake microphone through rtpengine) reaches the same caller port; the music has stopped.
      const agentAudio = () => media.sources().find((s) => s.ssrc !== musicSsrc)?.packets ?? 0;
      await expect.poll(agentAudio, { timeout: 5_000 }).toBeGreaterThan(25);
      const musicAfterAnswer = media.sources().find((s) => s.ssrc === musicSsrc)?.packets;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(media.sources().find((s) => s.ssrc === musicSsrc)?.packets).toBe(musicAfterAnswer);
      for (const extension of LAB_AGENTS) await hangUpAndWrapUp(extension);
      for (const sipp of busy) await expectSippOk(sipp);
      await expectSippOk(queued);
    } finally {
      media.close();
    }
  });

  it('counts a caller who hangs up while waiting as a queue abandon', async () => {
    const busy: Promise<SippRun>[] = [];
    for (let i = 0; i < LAB_AGENTS.length; i++) {
      busy.push(call('uac-wait-bye.xml'));
      await answer(await ringing());
    }
    const callId = `abandon-${Date.now()}@lab`;
    await expectSippOk(call('uac-queued-cancel.xml', { callId }));
    await expect
      .poll(() => queryRows(app.fx.core.store, 'SELECT agent_id, end_reason, offered_at, contact_key FROM calls WHERE sip_call_id = ?', callId))
      .toEqual([{ agent_id: null, end_reason: 'caller-cancelled', offered_at: null, contact_key: routedContactKey(callId) }]);
    for (const extension of LAB_AGENTS) await hangUpAndWrapUp(extension);
    for (const sipp of busy) await expectSippOk(sipp);
  });

  it('sends a repeat caller to the agent who answered them last when free, and to someone else after the sticky timeout when that agent is busy', async () => {
    await setBilling({ stickyTimeoutSec: 3 });
    try {
      const repeat = nextCaller();
      const first = call('uac-wait-bye.xml', { pai: repeat });
      const served = await ringing();
      await answer(served);
      await hangUpAndWrapUp(served);
      await expectSippOk(first);
      // `served` is now the agent idle the shortest time: longest idle alone would ring someone else.
      const secondId = `sticky-2-${Date.now()}@lab`;
      const second = call('uac-wait-bye.xml', { pai: repeat, callId: secondId });
      expect(await ringing()).toBe(served);
      expect(await agentDecisions(secondId)).toEqual([{ agent_id: await agentIdOf(served) }]);
      await answer(served);
      // The same number calls again while `served` talks to them: it waits for `served` (3 s), then someone else rings.
      const thirdId = `sticky-3-${Date.now()}@lab`;
      const since = Date.now();
      const third = call('uac-queued.xml', { pai: repeat, callId: thirdId, rtp_port: quietPort() });
      const other = await ringing();
      expect(other).not.toBe(served);
      expect(Date.now() - since).toBeGreaterThanOrEqual(2_500);
      expect((await waitDecisions(thirdId))[0]?.step).toBe('sticky');
      expect(await agentDecisions(thirdId)).toEqual([{ agent_id: await agentIdOf(other) }]);
      await answer(other);
      await hangUpAndWrapUp(served);
      await hangUpAndWrapUp(other);
      await expectSippOk(second);
      await expectSippOk(third);
    } finally {
      await setBilling({ stickyTimeoutSec: 15 });
    }
  });

  it('lets a VIP caller jump the queue: the first agent free again takes the VIP who came second', async () => {
    // Any customer of the centre is VIP for this test (tier ≥ bronze); an unknown number is not.
    await setBilling({ vipMinTier: 'bronze', vipTag: null });
    try {
      const busy: Promise<SippRun>[] = [];
      for (let i = 0; i < LAB_AGENTS.length; i++) {
        busy.push(call('uac-wait-bye.xml'));
        await answer(await ringing());
      }
      const normalId = `normal-${Date.now()}@lab`;
      const normal = call('uac-queued.xml', { callId: normalId, rtp_port: quietPort() });
      await expect.poll(async () => (await waitDecisions(normalId)).length, { timeout: 5_000 }).toBe(1);
      const vipId = `vip-${Date.now()}@lab`;
      const vip = call('uac-queued.xml', { callId: vipId, pai: OLIVIA_PHONE, rtp_port: quietPort() });
      await expect.poll(async () => (await waitDecisions(vipId)).length, { timeout: 5_000 }).toBe(1);
      await hangUpAndWrapUp(LAB_AGENTS[0], false);
      expect(await ringing()).toBe(LAB_AGENTS[0]);
      expect(await agentDecisions(vipId)).toEqual([{ agent_id: await agentIdOf(LAB_AGENTS[0]) }]);
      expect(await agentDecisions(normalId)).toEqual([]);
      await answer(LAB_AGENTS[0]);
      // The caller who came first is next.
      await hangUpAndWrapUp(LAB_AGENTS[1], false);
      expect(await ringing()).toBe(LAB_AGENTS[1]);
      expect(await agentDecisions(normalId)).toEqual([{ agent_id: await agentIdOf(LAB_AGENTS[1]) }]);
      await answer(LAB_AGENTS[1]);
      for (const extension of LAB_AGENTS) await hangUpAndWrapUp(extension);
      for (const sipp of [...busy, normal, vip]) await expectSippOk(sipp);
    } finally {
      await setBilling({ vipMinTier: 'platinum', vipTag: 'vip' });
    }
  });

  it('gives an offer nobody answers to the next agent once the ring timeout passes', async () => {
    await setBilling({ ringTimeoutSec: 5 });
    try {
      const callId = `unanswered-${Date.now()}@lab`;
      const sipp = call('uac-wait-bye.xml', { callId });
      const first = await ringing();
      // Nobody touches it: Kamailio ends that branch after 5 s and asks again (no-answer); the engine rings someone else.
      let second = first;
      await expect.poll(async () => (second = await ringing()), { timeout: 15_000 }).not.toBe(first);
      expect(await agentDecisions(callId)).toEqual([{ agent_id: await agentIdOf(first) }, { agent_id: await agentIdOf(second) }]);
      await answer(second);
      await hangUpAndWrapUp(second);
      await expectSippOk(sipp);
      await noReservationLeft();
      await everyoneAvailable();
    } finally {
      await setBilling({ ringTimeoutSec: 20 });
    }
  });

  it('takes a burst of 50 INVITEs in 2 s: every caller is offered or queued, then cancels and gets a final 4xx (487, never a 5xx); no reservation leaks; every caller is on record', async () => {
    const callers = await sipBurst({ calls: 50, perSecond: 25, service: LAB_QUEUES.billing, caller: () => nextCaller(), holdMs: 3_000 });
    const summary = callers.map((c) => `${c.callId}: ${c.provisional.join('/')} → ${c.final} (CANCEL ${c.cancelled})`).join('\n');
    for (const c of callers) {
      expect(c.provisional.some((s) => s === 180 || s === 182), summary).toBe(true);
      // 487 as a rule; a desk's own 4xx may win the race to the caller (486 from a phone still ringing the call whose CANCEL freed it). Never a 5xx.
      expect([c.final !== null && c.final >= 400 && c.final < 500, c.cancelled], `${summary}\n${kamailioTail()}`).toEqual([true, 200]);
    }
    // Three agents rang at once (more once the first callers left); everyone else heard 182 Queued.
    expect(callers.filter((c) => c.provisional.includes(180)).length).toBeGreaterThanOrEqual(LAB_AGENTS.length);
    expect(callers.filter((c) => c.provisional.includes(182)).length).toBeGreaterThanOrEqual(50 - 2 * LAB_AGENTS.length);
    await noReservationLeft();
    // Nothing lost: every caller is on record under their contact — through the legs of the desks that rang, or as one
    // queue-only abandon when no desk did (never offered, or their CANCEL crossed the offer: many do in a burst).
    await expect
      .poll(
        async () =>
          (
            await Promise.all(
              callers.map(async (c) => {
                const rows = await queryRows<{ agent_id: number | null; end_reason: string }>(app.fx.core.store, 'SELECT agent_id, end_reason FROM calls WHERE contact_key = ?', routedContactKey(c.callId));
                const rang = (await agentDecisions(c.callId)).length;
                const queueOnly = rows.filter((r) => r.agent_id === null);
                const desks = rows.length - queueOnly.length;
                const ok = queueOnly.every((r) => r.end_reason === 'caller-cancelled') && desks <= rang && (desks > 0 ? queueOnly.length === 0 : queueOnly.length === 1);
                return ok ? null : `${c.callId}: ${rang} offer(s), records ${JSON.stringify(rows)}`;
              }),
            )
          ).filter((x) => x !== null),
        { timeout: 15_000 },
      )
      .toEqual([]);
    await everyoneAvailable();
  });

  it('survives hostile callers: an unknown queue is refused (404), malformed caller ids are routed, and no reservation is left behind', async () => {
    // 8009 is a queue number of the PBX, but Returns is no queue of this centre.
    await expectSippOk(call(writeHostileScenario({ expect: 404 }), { service: LAB_UNKNOWN_QUEUE }));
    for (const pai of ['not-a-number', '1'.repeat(300), '+44\u202E7700900999']) {
      const sipp = call('uac-cancel.xml', { pai, display: '<img src=x onerror=alert(1)>\u202E' });
      await ringing();
      await expectSippOk(sipp);
    }
    await noReservationLeft();
    for (const extension of LAB_AGENTS) await expect.poll(() => page(extension).getByTestId('agent-state').textContent()).toContain('Available');
  });

  it('releases a known caller at the queue’s max wait with a callback task, which the next free agent’s desk is offered and dials', async () => {
    await setBilling({ maxWaitSec: 5 });
    try {
      const busy: Promise<SippRun>[] = [];
      for (let i = 0; i < LAB_AGENTS.length; i++) {
        busy.push(call('uac-wait-bye.xml'));
        await answer(await ringing());
      }
      // Olivia (a customer of the centre) waits 5 s, then Kamailio releases her: no target configured, so 480.
      const callId = `released-${Date.now()}@lab`;
      await expectSippOk(call(writeHostileScenario({ expect: 480, headers: ['P-Asserted-Identity: <sip:[pai]@[local_ip]>'] }), { pai: OLIVIA_PHONE, callId }));
      const task = () => queryRow(app.fx.core.store, 'SELECT status, outcome, agent_id, caller_e164 FROM callback_tasks WHERE sip_call_id = ?', callId);
      expect(await task()).toMatchObject({ status: 'open', caller_e164: OLIVIA_PHONE });
      // The first agent to be free again is offered the callback on their desk, and calls Olivia back.
      await hangUpAndWrapUp(LAB_AGENTS[0]);
      const offer = page(LAB_AGENTS[0]).getByTestId('callback-offer');
      await offer.waitFor();
      await offer.getByRole('button', { name: 'Call back' }).click();
      await expect.poll(task).toMatchObject({ status: 'done', outcome: 'dialled', agent_id: await agentIdOf(LAB_AGENTS[0]) });
      // This lab PBX does not let agents call out (no open relay): the dialled call ends at once; clear its wrap-up if it has one.
      await expect.poll(() => page(LAB_AGENTS[0]).locator('[data-testid^="call-"]').count(), { timeout: 10_000 }).toBe(0);
      if ((await page(LAB_AGENTS[0]).getByRole('form', { name: /Wrap-up/ }).count()) > 0) await submitWrapUpByKeys(page(LAB_AGENTS[0]));
      for (const extension of LAB_AGENTS.slice(1)) await hangUpAndWrapUp(extension);
      for (const sipp of busy) await expectSippOk(sipp);
      await noReservationLeft();
    } finally {
      await setBilling({ maxWaitSec: 120 });
    }
  });

  it('falls back to Kamailio’s static route at once when Frontline is stopped, and the call still connects', async () => {
    await router?.stop();
    router = null;
    const sipp = call('uac-wait-bye.xml');
    // The static route rings the lab's fallback desk (LAB.user) directly.
    expect(await ringing()).toBe(LAB.user);
    await answer(LAB.user);
    await hangUpAndWrapUp(LAB.user);
    await expectSippOk(sipp);
    expect(rig.logs()).toMatch(/frontline-fallback: no Frontline connected/);
    router = await routerConnected();
  });
});

if (missing !== null) {
  describe('real SIP routing', () => {
    it('needs Kamailio, rtpengine and sipp', (ctx) => ctx.skip(missing));
  });
}
