import type { Kysely, Selectable, Transaction } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import type { CallEventReport, ReportCallEventInput } from '../../../shared/contract/schemas/calls';
import type { AcwSettings } from '../../../shared/contract/schemas/settings';
import { trustedEventTime } from '../../../shared/domain/agent-activity';
import type { AgentDesks } from '../agents/agent-desk';
import type { Database } from '../db/schema';
import type { KeyedLock } from '../util/keyed-lock';
import { eventIdTaken, plausibleWait, transferOrigin } from './report-checks';

type CallRow = Selectable<Database['calls']>;

export interface CallRecorderDeps {
  db: Kysely<Database>;
  desks: AgentDesks;
  lock: KeyedLock;
  acw: () => AcwSettings;
  queueId: (name: string | null) => Promise<number | null>;
  /** A time-boxed wrap-up began: its timer must fire at `deadline`. */
  onWrapUpTimed: (agentId: number, callId: number, deadline: number) => void;
  /** After every applied event (live metrics refresh the one leg). */
  onCallChanged: (callId: number) => Promise<void>;
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
export function createCallRecorder({ db, desks, lock, acw, queueId, onWrapUpTimed, onCallChanged, now }: CallRecorderDeps) {
  async function findCall(agentId: number, callKey: string): Promise<CallRow | undefined> {
    return db.selectFrom('calls').selectAll().where('agent_id', '=', agentId).where('client_key', '=', callKey).executeTakeFirst();
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
        contact_key: origin !== undefined ? (origin.contact_key ?? String(origin.id)) : e.queueCallId,
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
    if (event.type !== 'offered' && call.ended_at !== null && event.type !== 'customer-chosen') throw conflict('after the call ended');
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

  /** What the agent's desk learns from an applied event. */
  function follow(agentId: number, call: CallRow, event: CallEventReport, at: number): void {
    switch (event.type) {
      case 'offered':
        desks.setActivity(agentId, call.id, event.direction === 'inbound' ? 'ringing' : 'talking');
        return;
      case 'answered':
        desks.noteAnswered(agentId);
        desks.setActivity(agentId, call.id, 'talking');
        return;
      case 'ended': {
        if (call.answered_at === null) {
          if (event.reason === 'missed') desks.noteMissed(agentId);
          desks.setActivity(agentId, call.id, null);
          return;
        }
        const { mode, timeBoxS } = acw();
        desks.setActivity(agentId, call.id, mode === 'optional' ? null : 'wrap-up');
        if (mode === 'time-boxed') onWrapUpTimed(agentId, call.id, at + timeBoxS * 1000);
        return;
      }
      default:
        return;
    }
  }

  async function reportLocked(agentId: number, input: ReportCallEventInput): Promise<ReportOutcome> {
    const seen = await db
      .selectFrom('call_events')
      .innerJoin('calls', 'calls.id', 'call_events.call_id')
      .select(['call_events.call_id', 'calls.agent_id'])
      .where('call_events.client_event_id', '=', input.eventId)
      .executeTakeFirst();
    if (seen !== undefined && seen.agent_id !== agentId) throw eventIdTaken();
    if (seen !== undefined) return { callId: seen.call_id, applied: false, status: await desks.settle(agentId) };
    const event = input.event;
    let call = await findCall(agentId, input.callKey);
    if (event.type === 'offered') {
      if (call !== undefined) throw new ContractFailure('CONFLICT', `call ${input.callKey} was already offered`);
    } else if (call === undefined) {
      throw new ContractFailure('NOT_FOUND', `no call ${input.callKey} for this agent`);
    }
    const at = trustedEventTime(input.at, now(), call?.last_event_at ?? null);
    const offer = event.type === 'offered' ? await offerContext(agentId, input, event) : null;
    await db.transaction().execute(async (tx) => {
      if (event.type === 'offered' && offer !== null) {
        const { id } = await insertOffered(tx, agentId, input, at, event, offer);
        call = await tx.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      } else {
        await apply(tx, call as CallRow, event, at);
        await tx.updateTable('calls').set({ last_event_at: at }).where('id', '=', (call as CallRow).id).execute();
      }
      const { type, ...data } = event;
      await tx
        .insertInto('call_events')
        .values({ call_id: (call as CallRow).id, at, type, data: Object.keys(data).length > 0 ? JSON.stringify(data) : null, client_event_id: input.eventId })
        .execute();
    });
    const applied = call as CallRow;
    follow(agentId, applied, event, at);
    await onCallChanged(applied.id);
    return { callId: applied.id, applied: true, status: await desks.settle(agentId, at) };
  }

  return {
    report: (agentId: number, input: ReportCallEventInput): Promise<ReportOutcome> => lock(agentId, () => reportLocked(agentId, input)),
  };
}

export type CallRecorder = ReturnType<typeof createCallRecorder>;
