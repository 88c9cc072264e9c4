import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import type { CallEventReport, ReportCallEventInput } from '../../../shared/contract/schemas/calls';
import type { AcwSettings } from '../../../shared/contract/schemas/settings';
import { restingAfterMiss, trustedEventTime } from '../../../shared/domain/agent-activity';
import { ownContactKey } from '../../../shared/domain/metrics/caller';
import type { Desk } from '../agents/desk-store';
import type { DeskWriter } from '../agents/desk-writer';
import type { EventLog } from '../log/event-log';
import { recordCallOfferOutcome, recordImpression } from '../offers/call-offers';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import { eventIdTaken, plausibleWait, transferOrigin } from './report-checks';

type CallRow = Selectable<Database['calls']>;

/**
 * Both things a report first needs, in one statement (one round trip): whether its eventId was
 * already reported (and by whom), and the agent's call by its key. One row; null columns where nothing matched.
 */
const reportContext = compiledOnce((db, p: { eventId: string; agentId: number; callKey: string }) =>
  db
    .selectFrom(db.selectNoFrom(sql<number>`1`.as('one')).as('one'))
    .leftJoin('call_events as e', (join) => join.on('e.client_event_id', '=', p.eventId))
    .leftJoin('calls as seen', 'seen.id', 'e.call_id')
    .leftJoin('calls as c', (join) => join.on('c.agent_id', '=', p.agentId).on('c.client_key', '=', p.callKey))
    .selectAll('c')
    .select(['e.call_id as seen_call_id', 'seen.agent_id as seen_agent_id']),
);
const insertCallEvent = compiledOnce((db, p: { callId: number; at: number; type: string; data: string | null; eventId: string }) =>
  db.insertInto('call_events').values({ call_id: p.callId, at: p.at, type: p.type, data: p.data, client_event_id: p.eventId }),
);
const touchCall = compiledOnce((db, p: { id: number; at: number }) => db.updateTable('calls').set({ last_event_at: p.at }).where('id', '=', p.id));
const answerCall = compiledOnce((db, p: { id: number; at: number }) => db.updateTable('calls').set({ answered_at: p.at, last_event_at: p.at }).where('id', '=', p.id));
const endCall = compiledOnce((db, p: { id: number; at: number; reason: string; abandonedAt: number | null; wrapUpEndedAt: number | null; deadline: number | null }) =>
  db
    .updateTable('calls')
    .set({ ended_at: p.at, end_reason: p.reason, abandoned_at: p.abandonedAt, wrap_up_ended_at: p.wrapUpEndedAt, wrap_up_deadline: p.deadline, last_event_at: p.at })
    .where('id', '=', p.id),
);
const closeHold = compiledOnce((db, p: { callId: number; at: number }) => db.updateTable('call_holds').set({ ended_at: p.at }).where('call_id', '=', p.callId).where('ended_at', 'is', null));
const openDraft = compiledOnce((db, p: { callId: number; agentId: number; at: number }) =>
  db
    .insertInto('wrap_ups')
    .values({ call_id: p.callId, agent_id: p.agentId, notes: '', tags: '[]', draft: 1, updated_at: p.at })
    .onConflict((oc) => oc.column('call_id').doNothing()),
);
type NewCall = Pick<
  Selectable<Database['calls']>,
  | 'client_key' | 'sip_call_id' | 'direction' | 'queue_id' | 'agent_id' | 'customer_id' | 'caller_e164' | 'caller_withheld' | 'caller_display'
  | 'transferred_from_call_id' | 'queue_call_id' | 'contact_key' | 'queued_at' | 'offered_at' | 'last_event_at'
>;
const insertCall = compiledOnce((db, p: NewCall) =>
  db
    .insertInto('calls')
    .values({
      client_key: p.client_key,
      sip_call_id: p.sip_call_id,
      direction: p.direction,
      queue_id: p.queue_id,
      agent_id: p.agent_id,
      customer_id: p.customer_id,
      caller_e164: p.caller_e164,
      caller_withheld: p.caller_withheld,
      caller_display: p.caller_display,
      transferred_from_call_id: p.transferred_from_call_id,
      queue_call_id: p.queue_call_id,
      contact_key: p.contact_key,
      queued_at: p.queued_at,
      offered_at: p.offered_at,
      last_event_at: p.last_event_at,
    })
    .returningAll(),
);

/** Legs older than this are not a desk's live calls (the desk writer's horizon too). */
const LOST_LEG_HORIZON_MS = 48 * 3600_000;

export interface CallRecorderDeps {
  db: Kysely<Database>;
  log: EventLog;
  desks: DeskWriter;
  acw: () => AcwSettings;
  missesBeforeUnavailable: () => number;
  queueId: (name: string | null) => Promise<number | null>;
  /** A time-boxed wrap-up began: its timer must fire at `deadline`. */
  onWrapUpTimed: (agentId: number, callId: number, deadline: number) => void;
  now: () => number;
}
export interface ReportOutcome {
  callId: number;
  applied: boolean;
  status: AgentStatus;
}

/**
 * The call write path. Every report from the softphone is applied in one transaction that
 * updates the call's timestamps and appends to its timeline, the moment it happens, so a crash
 * at any point leaves the truth so far. Replayed reports (same eventId) are recognised.
 */
export function createCallRecorder({ db, log, desks, acw, missesBeforeUnavailable, queueId, onWrapUpTimed, now }: CallRecorderDeps) {
  /** Everything an offer needs that is not the call row itself, read before the write transaction. */
  async function offerContext(agentId: number, input: ReportCallEventInput, e: Extract<CallEventReport, { type: 'offered' }>) {
    const origin = input.transferredFromCallId == null ? undefined : await transferOrigin(db, agentId, input.transferredFromCallId, now());
    return { origin, queue: await queueId(e.queue), waitedMs: plausibleWait(e.waitedMs) };
  }

  async function insertOffered(
    tx: Transaction<Database>,
    agentId: number,
    input: ReportCallEventInput,
    at: number,
    e: Extract<CallEventReport, { type: 'offered' }>,
    { origin, queue, waitedMs }: Awaited<ReturnType<typeof offerContext>>,
  ) {
    const inbound = e.direction === 'inbound';
    const row = await insertCall.first(tx, {
        client_key: input.callKey,
        sip_call_id: e.sipCallId,
        direction: e.direction,
        queue_id: queue,
        agent_id: agentId,
        customer_id: e.customerId,
        caller_e164: e.callerE164,
        caller_withheld: e.withheld ? 1 : 0,
        caller_display: e.callerDisplay,
        transferred_from_call_id: origin?.id ?? null,
        queue_call_id: e.queueCallId,
        // Legs of one contact share a key: the PBX's queue call id, or the leg a transfer came from.
        contact_key: origin !== undefined ? (origin.contact_key ?? ownContactKey(origin.id)) : e.queueCallId,
        queued_at: inbound && origin === undefined ? at - (waitedMs ?? 0) : null,
        offered_at: at,
      last_event_at: at,
    });
    if (row === undefined) throw new Error(`call ${input.callKey}: the insert returned no id`);
    return row;
  }

  /**
   * The row changes one event makes; throws CONFLICT when the event cannot happen now. True when they
   * already stamped the call's `last_event_at` (one statement instead of two).
   */
  async function apply(tx: Transaction<Database>, call: CallRow, event: CallEventReport, at: number): Promise<boolean> {
    const conflict = (why: string) => new ContractFailure('CONFLICT', `call ${call.id}: ${event.type} ${why}`);
    const update = (values: Partial<Omit<CallRow, 'id'>>) => tx.updateTable('calls').set(values).where('id', '=', call.id).execute();
    const closeOpenHold = () => closeHold.affected(tx, { callId: call.id, at });
    // Who the caller was, and what the pop showed or the customer said to an offer, can follow the end.
    const afterEnd = event.type === 'customer-chosen' || event.type === 'offer-shown' || event.type === 'offer-answered';
    if (event.type !== 'offered' && call.ended_at !== null && !afterEnd) throw conflict('after the call ended');
    switch (event.type) {
      case 'offered':
        throw conflict('twice for one call');
      case 'customer-chosen':
        await update({ customer_id: event.customerId });
        return false;
      case 'answered':
        if (call.answered_at !== null) throw conflict('twice');
        // Not waited for (ADR 0056): nothing here reads its result.
        await answerCall.send(tx, { id: call.id, at });
        return true;
      case 'hold-started': {
        if (call.answered_at === null) throw conflict('before the call was answered');
        const open = await tx.selectFrom('call_holds').select('id').where('call_id', '=', call.id).where('ended_at', 'is', null).executeTakeFirst();
        if (open !== undefined) throw conflict('while already on hold');
        await tx.insertInto('call_holds').values({ call_id: call.id, started_at: at, ended_at: null }).execute();
        return false;
      }
      case 'hold-ended': {
        const closed = await closeOpenHold();
        if (closed === 0n) throw conflict('while not on hold');
        return false;
      }
      case 'transfer-requested':
        return false;
      case 'offer-shown':
        await recordImpression(log, tx, call.agent_id ?? 0, call.id, event, at);
        return false;
      case 'offer-answered':
        await recordCallOfferOutcome(log, tx, { id: call.id, agentId: call.agent_id, customerId: call.customer_id }, event.code, event.outcome, at);
        return false;
      case 'ended': {
        await closeHold.send(tx, { callId: call.id, at });
        const answered = call.answered_at !== null;
        const abandoned = !answered && call.direction === 'inbound' && event.reason === 'caller-cancelled';
        const mode = acw().mode;
        await endCall.send(tx, {
          id: call.id,
          at,
          reason: event.reason,
          abandonedAt: abandoned ? at : null,
          wrapUpEndedAt: answered && mode === 'optional' ? at : null,
          deadline: answered && mode === 'time-boxed' ? at + acw().timeBoxS * 1000 : null,
        });
        if (answered) await openDraft.send(tx, { callId: call.id, agentId: call.agent_id ?? 0, at });
        return true;
      }
    }
  }

  /** What the agent's desk learns from an applied event: misses in a row, and where a miss leaves them. */
  function learn(desk: Desk, call: CallRow, event: CallEventReport): void {
    if (event.type === 'answered') desk.consecutiveMisses = 0;
    if (event.type === 'ended' && call.answered_at === null && event.reason === 'missed') {
      desk.consecutiveMisses += 1;
      desk.resting = restingAfterMiss(desk.resting, desk.consecutiveMisses, missesBeforeUnavailable());
    }
  }

  async function report(agentId: number, input: ReportCallEventInput): Promise<ReportOutcome> {
    const event = input.event;
    const offer = event.type === 'offered' ? await offerContext(agentId, input, event) : null;
    const { value, status } = await desks.change(agentId, async (tx, desk) => {
      const context = await reportContext.first(tx, { eventId: input.eventId, agentId, callKey: input.callKey });
      if (context?.seen_call_id != null && context.seen_agent_id !== agentId) throw eventIdTaken();
      if (context?.seen_call_id != null) return { callId: context.seen_call_id, applied: false, deadline: null };
      let call = context?.id == null ? undefined : (context as unknown as CallRow);
      if (event.type === 'offered') {
        if (call !== undefined) throw new ContractFailure('CONFLICT', `call ${input.callKey} was already offered`);
      } else if (call === undefined) {
        throw new ContractFailure('NOT_FOUND', `no call ${input.callKey} for this agent`);
      }
      const at = trustedEventTime(input.at, now(), call?.last_event_at ?? null);
      desk.eventAt = at;
      if (event.type === 'offered' && offer !== null) {
        // The new row as stored (RETURNING every column): no second read.
        call = await insertOffered(tx, agentId, input, at, event, offer);
      } else {
        const touched = await apply(tx, call as CallRow, event, at);
        if (!touched) await touchCall.send(tx, { id: (call as CallRow).id, at });
      }
      const applied = call as CallRow;
      const { type, ...data } = event;
      await insertCallEvent.send(tx, { callId: applied.id, at, type, data: Object.keys(data).length > 0 ? JSON.stringify(data) : null, eventId: input.eventId });
      // Offer impressions and answers are logged as offer events by their own writers.
      if (event.type !== 'offer-shown' && event.type !== 'offer-answered') await log.append(tx, { type: 'call.reported', agentId, callId: applied.id, data: { event } }, at);
      learn(desk, applied, event);
      const { mode, timeBoxS } = acw();
      const timed = event.type === 'ended' && applied.answered_at !== null && mode === 'time-boxed';
      return { callId: applied.id, applied: true, deadline: timed ? at + timeBoxS * 1000 : null };
    });
    if (value.deadline !== null) onWrapUpTimed(agentId, value.callId, value.deadline);
    return { callId: value.callId, applied: value.applied, status };
  }

  /**
   * The desk lost its calls (the page reloaded or closed, the connection stayed down, another desk
   * took over): end every open leg of the agent but `keep` as `agent-disconnected`, through the
   * same write path, so answered ones go to wrap-up. `lostAt` is when the desk's connection was lost
   * (ADR 0057): a dead call stops counting as talk there, not when the loss was acted on (never
   * before the leg's last event). Returns the call ids ended.
   */
  async function endLostLegs(agentId: number, keep: readonly string[] = [], lostAt: number | null = null): Promise<number[]> {
    const open = await db
      .selectFrom('calls')
      .select(['id', 'client_key'])
      .where('agent_id', '=', agentId)
      .where('ended_at', 'is', null)
      .where('offered_at', '>=', now() - LOST_LEG_HORIZON_MS)
      .execute();
    const ended: number[] = [];
    for (const leg of open) {
      if (leg.client_key === null || keep.includes(leg.client_key)) continue;
      await report(agentId, { callKey: leg.client_key, eventId: `core-${randomUUID()}`, at: lostAt ?? now(), event: { type: 'ended', reason: 'agent-disconnected' } });
      ended.push(leg.id);
    }
    return ended;
  }

  return { report, endLostLegs };
}

export type CallRecorder = ReturnType<typeof createCallRecorder>;
