import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LookupByPhoneOutput } from '../../../shared/contract/schemas/crm';
import type { RouteOffered } from '../../../shared/contract/schemas/routing';
import { cleanName } from '../../../shared/domain/clean-text';
import { byPriority, decide, estimatedWaitSec, nextChangeSec, type DecisionInput, type Plan } from '../../../shared/domain/routing/decide';
import type { QueuePolicy } from '../../../shared/domain/routing/queue-policy';
import type { RouteDecision, RouteReport, RouteRequest, RoutingPort } from '../../../shared/domain/routing/route-protocol';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import type { EventHub } from '../hub/event-hub';
import type { EventLog, Tx } from '../log/event-log';
import type { RoutingDecisionRecord } from '../log/log-event';
import type { AgentPool } from './agent-pool';
import { isVip, lastAgentFor, profileFrom, type CallerProfile } from './caller-profile';
import type { Policies } from './policies';
import type { ReserveRefusal, Reservations } from './reservations';
import { queuedCallerOf, recordQueueOnlyLeg, routedContactKey, type QueuedCaller } from './queue-legs';
import { createCallbacks } from './callbacks';
import { createPopWait } from './pop-wait';

/** A reservation outlives its ring timeout by this much before the leak guard frees it (no report came). */
export const RESERVATION_MARGIN_MS = 5_000;
const MAX_CALL_ID = 256;
/**
 * How many agents a decision ranks first (ADR 0062): one is reserved and almost always got; the whole order is
 * made only when these were all taken meanwhile (another router, a state change).
 */
const OFFER_FIRST = 4;
/** Average handle time assumed for the estimated wait until the day has its own. */
const DEFAULT_AHT_SEC = 300;

export interface RoutingDeps {
  db: Kysely<Database>;
  log: EventLog;
  hub: EventHub;
  pool: AgentPool;
  policies: Policies;
  reservations: Reservations;
  /** The queue id of a queue name, null when no such queue. */
  /** A known queue by any spelling of its name (the PBX's header), with its name as stored; null when it is not a queue. */
  queue: (name: string) => Promise<{ id: number; name: string } | null>;
  /** The CRM match of a raw number (the screen-pop lookup); throws for nothing the engine cares about. */
  lookup: (number: string) => Promise<LookupByPhoneOutput>;
  /** SIP URI the PBX rings for an agent's extension. */
  agentUri: (extension: string) => string;
  now: () => number;
  onError: (error: unknown) => void;
  /** Whether a desk of this agent is there to paint a pushed pop (a connection receiving events); none: never waited for. */
  deskListening?: (agentId: number) => boolean;
  /** How long an agent decision waits for the desks' `routing.popShown` (ADR 0048); tests shorten it. */
  popWaitMs?: number;
  /** False: no real-time timers; whoever owns the clock calls `reconsider()` at `nextWakeAt()` (a simulation). Default true. */
  timers?: boolean;
}

/** Every decision's row: built and compiled once per dialect (ADR 0049). */
const insertDecision = compiledOnce((db, p: Omit<Database['route_decisions'], 'id'>) =>
  db.insertInto('route_decisions').values({ decision_id: p.decision_id, sip_call_id: p.sip_call_id, queue_id: p.queue_id, agent_id: p.agent_id, kind: p.kind, step: p.step, at: p.at, detail: p.detail }),
);

const deskLegOf = compiledOnce((db, p: { contactKey: string }) => db.selectFrom('calls').select('id').where('contact_key', '=', p.contactKey).where('agent_id', 'is not', null).limit(1));

/** One caller's routing conversation, from the first ask to answered, gone or released. */
interface Conversation {
  sipCallId: string;
  queueId: number | null;
  queueName: string | null;
  caller: CallerProfile;
  displayName: string | null;
  queuedAt: number;
  vip: boolean;
  stickyAgentId: number | null;
  tried: Set<number>;
  offer: { decisionId: string; agentIds: number[]; until: number } | null;
  last: RouteDecision | null;
  lastWait: string | null;
  everOffered: boolean;
}

/**
 * The routing engine's service (ADR 0026): implements the PBX seam (`RoutingPort`). Decisions are
 * taken one at a time in this process (a queue of work), reservations are compare-and-sets on the
 * desk so several processes never double-book an agent, and every decision is written with its
 * reasons to `route_decisions` and the event log in one transaction.
 */
export function createRoutingService(deps: RoutingDeps) {
  const { db, log, hub, pool, policies, reservations, now } = deps;
  const calls = new Map<string, Conversation>();
  const listeners = new Set<(callId: string, decision: RouteDecision) => void>();
  /**
   * Callers who hung up while (or after) being offered: a desk that got the INVITE writes their leg,
   * but a CANCEL that crossed the decision leaves no desk leg at all. After the reservation margin,
   * a caller with no desk leg under their contact is written as a queue-only abandon (nothing lost).
   */
  const leftAfterOffer = new Map<string, { c: QueuedCaller; at: number; due: number }>();
  /**
   * Whether `leftAfterOffer` is in due order, so its first entry is the earliest (each is added at now +
   * the margin; only a clock that goes back breaks that). The scans stop at the first entry not due
   * instead of walking every caller who left in the last few seconds (hundreds at a busy centre).
   */
  let leftInOrder = true;
  let latestDue = -Infinity;
  function leftAfterAnOffer(c: Conversation, at: number): void {
    const due = at + RESERVATION_MARGIN_MS;
    leftAfterOffer.delete(c.sipCallId);
    if (due < latestDue) leftInOrder = false;
    latestDue = Math.max(latestDue, due);
    leftAfterOffer.set(c.sipCallId, { c: queuedCallerOf(c), at, due });
  }
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const pops = createPopWait({ deskListening: deps.deskListening ?? (() => false), boundMs: deps.popWaitMs });
  const callbacks = createCallbacks({
    db,
    log,
    hub,
    reservations,
    now,
    queueName: async (queueId) => (queueId === null ? null : ((await db.selectFrom('queues').select('name').where('id', '=', queueId).executeTakeFirst())?.name ?? null)),
  });

  /** Routing work runs one piece at a time: decisions see each other's reservations. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  }

  const held = (): Set<number> => new Set([...calls.values()].flatMap((c) => c.offer?.agentIds ?? []));
  const waitedSec = (c: Conversation) => Math.max(0, (now() - c.queuedAt) / 1000);

  type Reasons = { step: string; why: string; excluded: { agentId: number; why: string }[] };

  async function record(c: Conversation, d: RouteDecision, plan: Reasons, offered: number[]): Promise<void> {
    await log.transact((tx) => recordIn(tx, c, d, plan, offered));
  }

  /** The decision's row and its log event, inside the caller's transaction. */
  async function recordIn(tx: Tx, c: Conversation, d: RouteDecision, plan: Reasons, offered: number[]): Promise<void> {
    const at = now();
    const data: RoutingDecisionRecord = {
      sipCallId: c.sipCallId,
      decisionId: d.decisionId,
      queueId: c.queueId,
      kind: d.kind,
      step: plan.step,
      why: plan.why,
      offered,
      excluded: plan.excluded.slice(0, 50),
      customerId: c.caller.customerId,
      vip: c.vip,
      stickyAgentId: c.stickyAgentId,
      waitedSec: Math.round(waitedSec(c) * 10) / 10,
    };
    // The row's detail and the event's data are the same text: serialised once.
    const detail = JSON.stringify(data);
    await insertDecision.affected(tx, { decision_id: d.decisionId, sip_call_id: c.sipCallId, queue_id: c.queueId, agent_id: offered[0] ?? null, kind: d.kind, step: plan.step, at, detail });
    await log.append(tx, { type: 'routing.decided', agentId: offered[0] ?? null, data }, at, detail);
  }

  function position(c: Conversation): number {
    const sameQueue = [...calls.values()].filter((o) => o.queueId === c.queueId && o.offer === null);
    return Math.max(1, byPriority(sameQueue).indexOf(c) + 1);
  }

  /** Take the next step for a call: offer (reserve, push the pop), wait, or release. */
  async function step(c: Conversation): Promise<RouteDecision> {
    const policy = await policies.of(c.queueId);
    const busy = held();
    const widest = policy.bullseye.at(-1)?.anyQueue ?? false;
    const sticky = c.stickyAgentId === null ? null : { agentId: c.stickyAgentId, where: pool.where(c.stickyAgentId, busy) };
    const input: DecisionInput = { policy, queueId: c.queueId, waitedSec: waitedSec(c), sticky, free: await pool.free(busy), tried: c.tried, staffed: await pool.staffed(c.queueId, widest), limit: OFFER_FIRST };
    let plan: Plan = decide(input);
    if (plan.kind === 'offer') {
      // Whoever else qualifies, in the same order, only if all of the first few were taken meanwhile.
      const rest = plan.agentIds.length < plan.eligible && policy.strategy !== 'ring-all' ? () => agentIdsOf(decide({ ...input, limit: undefined })) : null;
      const offered = await reserve(c, plan, policy, rest);
      if (offered !== null) return offered;
      plan = { kind: 'wait', step: plan.step, why: 'every qualifying agent was taken meanwhile', excluded: plan.excluded };
    }
    if (plan.kind === 'release') {
      // A known caller released at max wait is owed a call back: the task commits with the decision (ADR 0030).
      const request = { sipCallId: c.sipCallId, queueId: c.queueId, queueName: c.queueName, customerId: c.caller.customerId, e164: c.caller.e164, displayName: c.displayName };
      const taskId = plan.reason === 'max-wait' && callbacks.owed(request) ? callbacks.newTaskId() : null;
      const d: RouteDecision = { kind: 'release', decisionId: newId(), target: policy.maxWaitTarget, reason: plan.reason, callbackTaskId: taskId };
      calls.delete(c.sipCallId);
      await log.transact(async (tx) => {
        await recordIn(tx, c, d, { ...plan, excluded: [] }, []);
        if (taskId !== null) await callbacks.create(tx, request, taskId, now());
      });
      await recordQueueOnlyLeg(log, c, now(), `released-${plan.reason}`);
      return d;
    }
    const pos = position(c);
    const staffed = await pool.staffed(c.queueId, widest);
    const waiting: RouteDecision =
      c.last?.kind === 'wait' && c.lastWait === `${plan.step}|${plan.why}`
        ? { ...c.last, position: pos, estimatedWaitSec: estimatedWaitSec(pos, DEFAULT_AHT_SEC, staffed) }
        : { kind: 'wait', decisionId: newId(), position: pos, estimatedWaitSec: estimatedWaitSec(pos, DEFAULT_AHT_SEC, staffed) };
    // A wait is recorded once per reason, not at every reconsideration.
    if (waiting.decisionId !== c.last?.decisionId) await record(c, waiting, plan, []);
    c.last = waiting;
    c.lastWait = `${plan.step}|${plan.why}`;
    return waiting;
  }

  /**
   * Reserve the plan's agents in order (one, or ring-all's few). `rest` gives the whole order when every agent the
   * plan lists was refused (taken meanwhile): its first entries are the plan's, so the loop goes on where it was.
   */
  async function reserve(c: Conversation, plan: Extract<Plan, { kind: 'offer' }>, policy: QueuePolicy, rest: (() => number[]) | null): Promise<RouteDecision | null> {
    const decisionId = newId();
    const ringTimeoutMs = policy.ringTimeoutSec * 1000;
    const until = now() + ringTimeoutMs + RESERVATION_MARGIN_MS;
    const want = policy.strategy === 'ring-all' ? plan.agentIds.length : 1;
    const got: number[] = [];
    const excluded: { agentId: number; why: string }[] = [...plan.excluded];
    const decisionFor = async (agentId: number): Promise<RouteDecision> => {
      const extension = await pool.extension(agentId);
      return { kind: 'agent', decisionId, agentId: String(agentId), target: deps.agentUri(extension ?? String(agentId)), ringTimeoutMs };
    };
    let recorded: RouteDecision | null = null;
    let order = plan.agentIds;
    let more = rest;
    for (let i = 0; got.length < want; i++) {
      if (i >= order.length && more !== null) {
        order = more();
        more = null;
      }
      if (i >= order.length) break;
      const agentId = order[i] as number;
      const r = { agentId, sipCallId: c.sipCallId, decisionId, until };
      let refused: ReserveRefusal | null;
      if (want === 1) {
        // One agent: the reservation and its decision record commit together (one transaction, one wake-up).
        const d = await decisionFor(agentId);
        const reasons = { step: plan.step, why: plan.why, excluded: [...excluded] };
        refused = await reservations.inTransaction(async (tx) => {
          const no = await reservations.tryReserve(tx, r);
          if (no === null) await recordIn(tx, c, d, reasons, [agentId]);
          return no;
        });
        if (refused === null) recorded = d;
      } else refused = await reservations.reserve(r);
      if (refused === null) got.push(agentId);
      else excluded.push({ agentId, why: refused });
    }
    if (got.length === 0) return null;
    const first = got[0] as number;
    const single = recorded ?? (await decisionFor(first));
    const others = await Promise.all(got.slice(1).map(async (agentId) => ({ agentId: String(agentId), target: deps.agentUri((await pool.extension(agentId)) ?? String(agentId)) })));
    const d: RouteDecision = others.length > 0 && single.kind === 'agent' ? { ...single, alsoRing: others } : single;
    c.offer = { decisionId, agentIds: got, until };
    c.everOffered = true;
    c.last = d;
    c.lastWait = null;
    // The pop before the ring: every reserved desk gets the caller's record before the PBX is answered.
    for (const agentId of got) {
      pool.offered(agentId);
      hub.publish('routing.offered', popFor(c, agentId, decisionId, ringTimeoutMs));
    }
    pops.pushed(decisionId, got);
    if (recorded === null) await record(c, d, { step: plan.step, why: plan.why, excluded }, got);
    return d;
  }

  function popFor(c: Conversation, agentId: number, decisionId: string, ringTimeoutMs: number): RouteOffered {
    return {
      agentId,
      decisionId,
      sipCallId: c.sipCallId,
      queue: c.queueName,
      caller: { e164: c.caller.e164, displayName: c.displayName },
      queuedAt: c.queuedAt,
      vip: c.vip,
      sticky: c.stickyAgentId === agentId,
      lookup: c.caller.lookup,
      ringTimeoutMs,
    };
  }

  /** The offer is over (answered, failed, caller gone, lapsed): free whoever is still held for it. */
  async function endOffer(c: Conversation, tried: boolean): Promise<void> {
    if (c.offer === null) return;
    for (const agentId of c.offer.agentIds) await reservations.release(agentId, c.offer.decisionId);
    offerEnded(c, tried);
  }

  /** After the offer's reservations were released: the desks drop the pushed pop, the agents count as tried. */
  function offerEnded(c: Conversation, tried: boolean): void {
    if (c.offer === null) return;
    pops.ended(c.offer.decisionId);
    for (const agentId of c.offer.agentIds) {
      if (tried) c.tried.add(agentId);
      // The desk drops the pushed pop if its INVITE never came (the caller left first, the PBX fell back).
      hub.publish('routing.offerEnded', { agentId, decisionId: c.offer.decisionId });
    }
    c.offer = null;
  }

  async function open(req: RouteRequest, sipCallId: string, queue: { id: number; name: string } | null): Promise<Conversation> {
    const queueId = queue?.id ?? null;
    const number = req.caller.number === null ? null : req.caller.number.slice(0, 64);
    let lookup: LookupByPhoneOutput | null = null;
    if (number !== null && number.trim() !== '') {
      try {
        lookup = await deps.lookup(number);
      } catch (error) {
        deps.onError(error);
      }
    }
    const caller = profileFrom(lookup);
    const policy = await policies.of(queueId);
    const displayName = req.caller.displayName === null ? null : cleanName(req.caller.displayName, 64) || null;
    const stickyAgentId = policy.stickyWindowHours > 0 ? await lastAgentFor(db, caller, now() - policy.stickyWindowHours * 3600_000) : null;
    return {
      sipCallId,
      queueId,
      // The queue's name as stored ("Sales"), not the PBX's spelling of it ("SALES"): one queue, one name on every screen.
      queueName: queue?.name ?? null,
      caller,
      displayName,
      queuedAt: now(),
      vip: isVip(policy, caller),
      stickyAgentId,
      tried: new Set(),
      offer: null,
      last: null,
      lastWait: null,
      everOffered: false,
    };
  }

  async function ask(req: RouteRequest): Promise<RouteDecision> {
    const sipCallId = typeof req.callId === 'string' ? req.callId.trim() : '';
    if (sipCallId === '' || sipCallId.length > MAX_CALL_ID || /[\s\p{Cc}]/u.test(sipCallId)) {
      return { kind: 'reject', decisionId: newId(), status: 400, reason: 'malformed Call-ID' };
    }
    let queue: { id: number; name: string } | null = null;
    if (req.queue !== null && req.queue !== undefined) {
      queue = await deps.queue(req.queue);
      if (queue === null) {
        const d: RouteDecision = { kind: 'reject', decisionId: newId(), status: 404, reason: 'unknown queue' };
        await log.transact((tx) => log.append(tx, { type: 'routing.reported', agentId: null, data: { sipCallId, decisionId: d.decisionId, what: 'rejected: unknown queue' } }, now()));
        return d;
      }
    }
    const existing = calls.get(sipCallId);
    if (existing !== undefined && req.previous === undefined && existing.last !== null) return existing.last;
    const c = existing ?? (await open(req, sipCallId, queue));
    calls.set(sipCallId, c);
    if (req.previous !== undefined && c.offer?.decisionId === req.previous.decisionId) await endOffer(c, true);
    else if (req.previous !== undefined && c.offer !== null) return c.last ?? step(c);
    const d = await step(c);
    arm();
    return d;
  }

  async function report(e: RouteReport): Promise<void> {
    const c = calls.get(e.callId);
    // The static route took the caller whatever decision the PBX last held: whoever is offered now is freed too.
    const stale = e.what !== 'static-route' && c !== undefined && e.decisionId !== null && c.offer !== null && c.offer.decisionId !== e.decisionId;
    // The report and the release of whoever its offer held commit together (one transaction, one wake-up).
    const offer = c === undefined || stale ? null : c.offer;
    await log.transact(async (tx) => {
      await log.append(tx, { type: 'routing.reported', agentId: null, data: { sipCallId: String(e.callId).slice(0, MAX_CALL_ID), decisionId: e.decisionId, what: e.what } }, now());
      if (offer !== null) for (const agentId of offer.agentIds) await reservations.release(agentId, offer.decisionId, tx);
      // Not ours (another instance, or before a restart): still free whoever is held for that decision.
      else if (c === undefined && e.decisionId !== null) await reservations.releaseDecision(e.decisionId, tx);
    });
    if (c === undefined || stale) return;
    switch (e.what) {
      case 'answered':
      case 'static-route':
        // The static route is not an abandon: the PBX connected the caller without Frontline (its event
        // says so); nobody is offered them again.
        offerEnded(c, false);
        calls.delete(c.sipCallId);
        break;
      case 'caller-gone':
        offerEnded(c, false);
        calls.delete(c.sipCallId);
        // The caller hung up before any desk: a queue-only abandon. Once offered, the desks' legs carry it,
        // unless no desk ever got the INVITE (checked after the margin, when a desk's report has come).
        if (!c.everOffered) await recordQueueOnlyLeg(log, c, now(), 'caller-cancelled');
        else leftAfterAnOffer(c, now());
        break;
      default:
        offerEnded(c, true);
        c.last = null;
    }
    // The freed agent matters only to someone waiting (a caller, a callback task); else only the timer changes
    // (a caller gone after an offer is checked at its due time), and the next decision does not wait behind a
    // reconsideration that has nothing to do.
    if (calls.size > 0 || callbacks.pending()) wake();
    else arm();
  }

  /** Reconsider every waiting call (an agent freed, a step widened, max wait) and lapsed offers; push what changed. */
  async function reconsider(): Promise<void> {
    const at = now();
    for (const [callId, left] of leftAfterOffer) {
      if (left.due > at) {
        if (leftInOrder) break;
        continue;
      }
      leftAfterOffer.delete(callId);
      const deskLeg = await deskLegOf.first(db, { contactKey: routedContactKey(callId) });
      if (deskLeg === undefined) await recordQueueOnlyLeg(log, left.c, left.at, 'caller-cancelled');
    }
    if (leftAfterOffer.size === 0) {
      leftInOrder = true;
      latestDue = -Infinity;
    }
    for (const c of [...calls.values()]) {
      if (c.offer !== null && c.offer.until <= at) {
        await endOffer(c, true);
        c.last = null;
      }
    }
    for (const c of byPriority([...calls.values()].filter((x) => x.offer === null))) {
      if (!calls.has(c.sipCallId)) continue;
      const before = c.last;
      const d = await step(c);
      // A call that was between offers (a failed one) is told its next step too.
      if (d.kind !== 'wait' || before?.kind !== 'wait') emit(c.sipCallId, d);
    }
    // Callback tasks go to the agents no waiting caller took: callers on the line come first.
    await callbacks.lapse();
    if (callbacks.pending()) {
      const taken = await callbacks.offer(await pool.free(held()));
      for (const agentId of taken) pool.offered(agentId);
    }
  }

  /** A decision for the PBX, once its pop is painted at the offered desks (bounded; at once for other kinds). */
  async function afterPop(d: RouteDecision): Promise<RouteDecision> {
    if (d.kind === 'agent') await pops.painted(d.decisionId);
    return d;
  }

  function emit(callId: string, d: RouteDecision): void {
    // Pushed once its pop is painted, outside the serial queue: the next decisions are not held up.
    if (d.kind === 'agent') {
      void afterPop(d).then(() => deliver(callId, d));
      return;
    }
    deliver(callId, d);
  }

  function deliver(callId: string, d: RouteDecision): void {
    for (const l of listeners) {
      try {
        l(callId, d);
      } catch (error) {
        deps.onError(error);
      }
    }
  }

  /** When the next call's plan can change by itself (a timer), plus a lapsing offer. */
  async function nextWake(): Promise<number | null> {
    let next: number | null = await callbacks.nextLapse();
    if (leftInOrder) {
      const first = leftAfterOffer.values().next();
      if (first.done !== true && (next === null || first.value.due < next)) next = first.value.due;
    } else for (const left of leftAfterOffer.values()) if (next === null || left.due < next) next = left.due;
    for (const c of calls.values()) {
      const policy = await policies.of(c.queueId);
      const t = c.offer !== null ? c.offer.until : c.queuedAt + nextChangeSec(policy, waitedSec(c), c.stickyAgentId === null ? null : { agentId: c.stickyAgentId, where: 'busy' }) * 1000;
      if (next === null || t < next) next = t;
    }
    return next;
  }

  function arm(): void {
    if (stopped) return;
    void nextWake().then((t) => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (t === null || stopped || deps.timers === false) return;
      timer = setTimeout(wake, Math.max(10, t - now() + 5));
      timer.unref?.();
    }, deps.onError);
  }

  let wakePending = false;
  function wake(): void {
    if (wakePending || stopped) return;
    wakePending = true;
    void serial(async () => {
      wakePending = false;
      await reconsider();
      arm();
    }).catch(deps.onError);
  }

  const offPresence = hub.subscribe((event, payload) => {
    if (event === 'agent.stateChanged' && (payload as { state: string }).state === 'available' && (calls.size > 0 || callbacks.pending())) wake();
  });

  const port: RoutingPort = {
    // The decision is taken in the queue; waiting for the desk to paint its pop is not (ADR 0048).
    ask: (req) => serial(() => ask(req)).then(afterPop),
    report: (e) => serial(() => report(e)),
    onDecision(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    ...port,
    /** Each queue's policy: a change takes effect on the next decision. */
    policies,
    /** When the engine next wants to reconsider by the core's clock (what its timer waits for), or null. */
    nextWakeAt: () => serial(nextWake),
    /** Reconsider now by the core's clock (what the timers do): tests and simulations drive time with it. */
    reconsider: () => serial(async () => {
      await reconsider();
      arm();
    }),
    /** The offered agent dialled or skipped a callback task (routing.callbackOutcome); a skipped task is offered again at once. */
    callbackOutcome: (agentId: number, taskId: string, outcome: 'dialled' | 'skipped') =>
      serial(async () => {
        const result = await callbacks.outcome(agentId, taskId, outcome);
        wake();
        return result;
      }),
    /** Callers waiting or ringing, VIP first then longest waiting. */
    waiting: () => byPriority([...calls.values()]).map((c) => ({ sipCallId: c.sipCallId, queueId: c.queueId, queue: c.queueName, caller: c.displayName ?? c.caller.e164, vip: c.vip, queuedAt: c.queuedAt, step: c.last?.kind ?? 'new', offeredTo: c.offer?.agentIds ?? [] })),
    /** The agent's desk painted the pop pushed for this decision (routing.popShown): true when the router was waiting for it. */
    popShown: (agentId: number, decisionId: string): boolean => pops.shown(agentId, decisionId),
    /** Wait for the routing work queued so far. */
    idle: () => serial(async () => undefined),
    stop(): void {
      stopped = true;
      offPresence();
      if (timer !== null) clearTimeout(timer);
    },
  };
}

function agentIdsOf(plan: Plan): number[] {
  return plan.kind === 'offer' ? plan.agentIds : [];
}

function newId(): string {
  return randomUUID();
}

export type RoutingService = ReturnType<typeof createRoutingService>;
