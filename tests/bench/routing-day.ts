import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '../../electron/core/db/store';
import { createCore, type Core } from '../../electron/core/create-core';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { seededRandom } from '../../electron/core/seed/random';
import type { Strategy } from '../../shared/domain/routing/queue-policy';
import { DEFAULT_QUEUE_POLICY } from '../../shared/domain/routing/queue-policy';
import type { RouteDecision } from '../../shared/domain/routing/route-protocol';
import { signedInContext } from '../support/seeded-core';

/** A seeded day at a small centre: who calls, how patient they are, how long they talk. */
export interface DayPlan {
  agents: number;
  hours: number;
  callsPerHour: number;
  meanTalkS: number;
  meanPatienceS: number;
  /** Share of callers who already called today (repeat callers), VIP share, unknown numbers. */
  repeatShare: number;
  vipShare: number;
  unknownShare: number;
  /** Offers that ring out unanswered. */
  noAnswerShare: number;
  seed: number;
}

export interface DayResult {
  strategy: Strategy;
  callers: number;
  answered: number;
  abandoned: number;
  released: number;
  asaS: number;
  slPct: number;
  abandonPct: number;
  /** Of callers who had an agent before (answered earlier today), the share answered by that same agent. */
  stickyPct: number;
  occupancyPct: number;
}

type Sim = { at: number; seq: number; run: () => Promise<void> };

/**
 * One strategy through the real engine on a copy of the seeded file: a discrete-event day with a
 * simulated clock. Agents answer after 3 s (or ring out), talk, and go straight back to available
 * (ACW optional), so the strategies differ only in whom they pick.
 */
export async function simulateDay(template: string, dir: string, strategy: Strategy, plan: DayPlan): Promise<DayResult> {
  const file = join(dir, `day-${strategy}.db`);
  copyFileSync(template, file);
  const start = Date.UTC(2026, 10, 2, 8, 0, 0);
  const clock = { now: start };
  const core: Core = await createCore({ store: openSqliteStore(file), now: () => clock.now, logger: createLogger('bench', 'silent'), quickStart: true, validateOutput: false, routingTimers: false, settings: { acw: { mode: 'optional', timeBoxS: 60, extendS: 30 } } });
  await core.routing.reconsider();
  const r = seededRandom(plan.seed);
  const db = core.connection.db;
  const maxId = Number((await db.selectFrom('customers').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst())?.n ?? 1);
  const vipIds = new Set<number>();
  for (let i = 0; i < 60; i++) vipIds.add(r.int(1, maxId));
  for (const id of vipIds) await db.insertInto('customer_tags').values({ customer_id: id, tag: 'vip', call_id: null, at: start - 86_400_000 }).execute();
  const vipList = [...vipIds];
  const policy = { ...DEFAULT_QUEUE_POLICY, strategy };
  await core.routing.policies.set(null, policy, null);

  const agents = new Map<number, CallContext>();
  for (let i = 0; i < plan.agents; i++) {
    const ctx = await signedInContext(core, `71${String(i).padStart(2, '0')}`);
    await core.dispatch('agent.setState', { state: 'available' }, ctx);
    agents.set(ctx.session.agent?.id ?? 0, ctx);
    clock.now += 1_000;
  }
  await core.settled();

  const queue: Sim[] = [];
  let seq = 0;
  const at = (t: number, run: () => Promise<void>) => queue.push({ at: t, seq: seq++, run });
  const phoneOf = async (id: number) => (await db.selectFrom('customer_phones').select('e164').where('customer_id', '=', id).limit(1).executeTakeFirst())?.e164 ?? null;

  const servedBy = new Map<number, number>();
  const callers = new Map<string, { customerId: number | null; queuedAt: number; patience: number; done: boolean; hadAgent: number | null }>();
  let answered = 0;
  let abandoned = 0;
  let released = 0;
  let inSl = 0;
  let waitSum = 0;
  let stickyEligible = 0;
  let stickyHits = 0;
  let talkMs = 0;

  async function onDecision(callId: string, d: RouteDecision): Promise<void> {
    const c = callers.get(callId);
    if (c === undefined || c.done) return;
    if (d.kind === 'release') {
      c.done = true;
      released++;
    } else if (d.kind === 'agent') {
      const agentId = Number(d.agentId);
      if (r.chance(plan.noAnswerShare)) {
        at(clock.now + d.ringTimeoutMs, async () => {
          const next = await core.routing.ask({ callId, caller: { number: null, displayName: null }, queue: null, previous: { decisionId: d.decisionId, outcome: 'no-answer' } });
          await onDecision(callId, next);
        });
        return;
      }
      at(clock.now + 3_000, async () => {
        if (c.done) return;
        c.done = true;
        const ctx = agents.get(agentId) as CallContext;
        const key = randomUUID();
        const waited = clock.now - c.queuedAt;
        const send = async (event: object) => {
          const r = await core.dispatch('calls.report', { callKey: key, eventId: randomUUID(), at: clock.now, event }, ctx);
          if (!r.ok) throw new Error(`calls.report: ${r.error.message}`);
        };
        await send({ type: 'offered', direction: 'inbound', callerE164: null, withheld: true, callerDisplay: null, queue: null, waitedMs: waited, queueCallId: callId, sipCallId: callId, customerId: c.customerId });
        await send({ type: 'answered' });
        await core.routing.report({ callId, decisionId: d.decisionId, what: 'answered' });
        answered++;
        waitSum += waited;
        if (waited <= 20_000) inSl++;
        if (c.hadAgent !== null) {
          stickyEligible++;
          if (c.hadAgent === agentId) stickyHits++;
        }
        if (c.customerId !== null) servedBy.set(c.customerId, agentId);
        const talk = Math.max(20_000, Math.round(-Math.log(1 - r.unit()) * plan.meanTalkS * 1000));
        talkMs += talk;
        at(clock.now + talk, async () => {
          await send({ type: 'ended', reason: 'remote-hangup' });
        });
      });
    }
  }
  const off = core.routing.onDecision((callId, d) => void onDecision(callId, d));

  const end = start + plan.hours * 3600_000;
  for (let t = start + 60_000; t < end; t += Math.round(-Math.log(1 - r.unit()) * (3600_000 / plan.callsPerHour))) {
    at(t, async () => {
      const callId = randomUUID();
      const x = r.unit();
      const repeatIds = [...servedBy.keys()];
      const customerId = x < plan.unknownShare ? null : x < plan.unknownShare + plan.vipShare ? r.pick(vipList) : r.chance(plan.repeatShare) && repeatIds.length > 0 ? r.pick(repeatIds) : r.int(1, maxId);
      const number = customerId === null ? '+442079460999' : await phoneOf(customerId);
      const c = { customerId, queuedAt: clock.now, patience: Math.round(-Math.log(1 - r.unit()) * plan.meanPatienceS * 1000), done: false, hadAgent: customerId === null ? null : (servedBy.get(customerId) ?? null) };
      callers.set(callId, c);
      const d = await core.routing.ask({ callId, caller: { number, displayName: null }, queue: null });
      at(clock.now + c.patience, async () => {
        if (c.done) return;
        c.done = true;
        abandoned++;
        await core.routing.report({ callId, decisionId: null, what: 'caller-gone' });
      });
      await onDecision(callId, d);
    });
  }
  for (let t = start; t < end + 600_000; t += 5_000) at(t, async () => core.routing.reconsider());

  // The engine's own wake-ups, at the simulated time it asks for (its real-time timers are off).
  const wakes = new Set<number>();
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue.shift() as Sim;
    clock.now = Math.max(clock.now, next.at);
    await next.run();
    await core.routing.idle();
    await core.settled();
    const wake = await core.routing.nextWakeAt();
    if (wake !== null && wake < end + 600_000) {
      const t = Math.max(wake + 5, clock.now);
      if (!wakes.has(t)) {
        wakes.add(t);
        at(t, async () => core.routing.reconsider());
      }
    }
  }
  off();
  await core.close();
  const total = callers.size;
  return {
    strategy,
    callers: total,
    answered,
    abandoned,
    released,
    asaS: answered === 0 ? 0 : waitSum / answered / 1000,
    slPct: (100 * inSl) / total,
    abandonPct: (100 * (abandoned + released)) / total,
    stickyPct: stickyEligible === 0 ? 0 : (100 * stickyHits) / stickyEligible,
    occupancyPct: (100 * talkMs) / (plan.agents * plan.hours * 3600_000),
  };
}
