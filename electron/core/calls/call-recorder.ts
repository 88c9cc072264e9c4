import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import type { CallEventReport, ReportCallEventInput } from '../../../shared/contract/schemas/calls';
import type { AcwSettings } from '../../../shared/contract/schemas/settings';
import { restingAfterMiss, trustedEventTime } from '../../../shared/domain/agent-activity';
import { ownContactKey } from '../../../shared/domain/metrics/caller';
import type { Desk } from '../agents/desk-store';
import type { DeskWriter } from '../agents/desk-writer';
import type { EventLog, Tx } from '../log/event-log';
import { recordCallOfferOutcome, recordImpression } from '../offers/call-offers';
import type { Database } from '../db/schema';
import { eventIdTaken, plausibleWait, transferOrigin } from './report-checks';

type CallRow = Selectable<Database['calls']>;

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
  async function findCall(tx: Tx, agentId: number, callKey: string): Promise<CallRow | undefined> {
    return tx.selectFrom('calls').selectAll().where('agent_id', '=', agentId).where('client_key', '=', callKey).executeTakeFirst();
  }

  /** Everything an offer needs that is not the call row itself, read before the write transaction. */
  async function offerContext(agentId: number, input: ReportCallEventInput, e: Extract<CallEventReport, { type: 'offered' }>) {
    const origin = input.transferredFromCallId == null ? undefined : await transferOrigin(db, agentId, input.transferredFromCallId, now());
    return { origin, queue: await queueId(e.queue), waitedMs: plausibleWait(e.waitedMs) };
  }

  function insertOffered(
    tx: Transaction<Database>,
    agentId: number,
    input: ReportCallEventInput,
    at: number,
    e: Extract<CallEventReport, { type: 'offered' }>,
    { origin, queue, waitedMs }: Awaited<ReturnType<typeof offerContext>>,
  ) {
    const inbound = e.direction === 'inbound';
    return tx
      .insertInto('calls')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /** The row changes one event makes; throws CONFLICT when the event cannot happen now. */
  async function apply(tx: Transaction<Database>, call: CallRow, event: CallEventReport, at: number): Promise<void> {
    const conflict = (why: string) => new ContractFailure('CONFLICT', `call ${call.id}: ${event.type} ${why}`);
    const update = (values: Partial<Omit<CallRow, 'id'>>) => tx.updateTable('calls').set(values).where('id', '=', call.id).execute();
    const closeOpenHold = () =>
      tx.updateTable('call_holds').set({ ended_at: at }).where('call_id', '=', call.id).where('ended_at', 'is', null).execute();
    // Who the caller was, and what the pop showed or the customer said to an offer, can follow the end.
    const afterEnd = event.type === 'customer-chosen' || event.type === 'offer-shown' || event.type === 'offer-answered';
    if (event.type !== 'offered' && call.ended_at !== null && !afterEnd) throw conflict('after the call ended');
    switch (event.type) {
      case 'offered':
        throw conflict('twice for one call');
      case 'customer-chosen':
        await update({ customer_id: event.customerId });
        return;
      case 'answered':
        if (call.answered_at !== null) throw conflict('twice');
        await update({ answered_at: at });
        return;
      case 'hold-started': {
        if (call.answered_at === null) throw conflict('before the call was answered');
        const open = await tx.selectFrom('call_holds').select('id').where('call_id', '=', call.id).where('ended_at', 'is', null).executeTakeFirst();
        if (open !== undefined) throw conflict('while already on hold');
        await tx.insertInto('call_holds').values({ call_id: call.id, started_at: at, ended_at: null }).execute();
        return;
      }
      case 'hold-ended': {
        const closed = await closeOpenHold();
        if (closed.every((r) => r.numUpdatedRows === 0n)) throw conflict('while not on hold');
        return;
      }
      case 'transfer-requested':
        return;
      case 'offer-shown':
        return recordImpression(log, tx, call.agent_id ?? 0, call.id, event, at);
      case 'offer-answered':
        return recordCallOfferOutcome(log, tx, { id: call.id, agentId: call.agent_id, customerId: call.customer_id }, event.code, event.outcome, at);
      case 'ended': {
        await closeOpenHold();
        const answered = call.answered_at !== null;
        const abandoned = !answered && call.direction === 'inbound' && event.reason === 'caller-cancelled';
        const mode = acw().mode;
        await update({
          ended_at: at,
          end_reason: event.reason,
          abandoned_at: abandoned ? at : null,
          wrap_up_ended_at: answered && mode === 'optional' ? at : null,
          wrap_up_deadline: answered && mode === 'time-boxed' ? at + acw().timeBoxS * 1000 : null,
        });
        if (answered) {
          await tx
            .insertInto('wrap_ups')
            .values({ call_id: call.id, agent_id: call.agent_id ?? 0, notes: '', tags: '[]', draft: 1, updated_at: at })
            .onConflict((oc) => oc.column('call_id').doNothing())
            .execute();
        }
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
      const seen = await tx
        .selectFrom('call_events')
        .innerJoin('calls', 'calls.id', 'call_events.call_id')
        .select(['call_events.call_id', 'calls.agent_id'])
        .where('call_events.client_event_id', '=', input.eventId)
        .executeTakeFirst();
      if (seen !== undefined && seen.agent_id !== agentId) throw eventIdTaken();
      if (seen !== undefined) return { callId: seen.call_id, applied: false, deadline: null };
      let call = await findCall(tx, agentId, input.callKey);
      if (event.type === 'offered') {
        if (call !== undefined) throw new ContractFailure('CONFLICT', `call ${input.callKey} was already offered`);
      } else if (call === undefined) {
        throw new ContractFailure('NOT_FOUND', `no call ${input.callKey} for this agent`);
      }
      const at = trustedEventTime(input.at, now(), call?.last_event_at ?? null);
      desk.eventAt = at;
      if (event.type === 'offered' && offer !== null) {
        const { id } = await insertOffered(tx, agentId, input, at, event, offer);
        call = await tx.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      } else {
        await apply(tx, call as CallRow, event, at);
        await tx.updateTable('calls').set({ last_event_at: at }).where('id', '=', (call as CallRow).id).execute();
      }
      const applied = call as CallRow;
      const { type, ...data } = event;
      await tx
        .insertInto('call_events')
        .values({ call_id: applied.id, at, type, data: Object.keys(data).length > 0 ? JSON.stringify(data) : null, client_event_id: input.eventId })
        .execute();
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
   * same write path, so answered ones go to wrap-up. Returns the call ids ended.
   */
  async function endLostLegs(agentId: number, keep: readonly string[] = []): Promise<number[]> {
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
      await report(agentId, { callKey: leg.client_key, eventId: `core-${randomUUID()}`, at: now(), event: { type: 'ended', reason: 'agent-disconnected' } });
      ended.push(leg.id);
    }
    return ended;
  }

  return { report, endLostLegs };
}

export type CallRecorder = ReturnType<typeof createCallRecorder>;
