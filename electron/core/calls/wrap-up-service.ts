import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import type { AcwSettings } from '../../../shared/contract/schemas/settings';
import type { WrapUp, WrapUpFields } from '../../../shared/contract/schemas/wrap-up';
import type { DeskWriter } from '../agents/desk-writer';
import type { Database } from '../db/schema';
import type { EventLog, Tx } from '../log/event-log';
import { recordCallOfferOutcome } from '../offers/call-offers';
import { endAcwIn } from './acw-end';
import { submitFingerprint, submittedBefore } from './wrap-up-requests';
import { readWrapUp, wrapUpRows, type WrapUpCall } from './wrap-up-store';
import { compiledOnce, sendWrite } from '../db/compiled-once';

export interface WrapUpServiceDeps {
  db: Kysely<Database>;
  log: EventLog;
  desks: DeskWriter;
  acw: () => AcwSettings;
  now: () => number;
  onError: (error: unknown) => void;
  /**
   * Team mode (several instances on one PostgreSQL, ADR 0037): also end every due time box in the
   * database this often, whichever instance armed it (one that died keeps no timers). Ending is
   * idempotent under the agent's lock, so a box another instance ends first is left alone.
   */
  sweepMs?: number;
}

const WRAP_UP_CALL_COLUMNS = ['id', 'agent_id', 'queue_id', 'customer_id', 'caller_e164', 'caller_display', 'offered_at', 'answered_at', 'ended_at', 'wrap_up_ended_at', 'wrap_up_deadline'] as const;
const timelineEvent = compiledOnce((db, p: { callId: number; at: number; type: string; data: string | null }) =>
  db.insertInto('call_events').values({ call_id: p.callId, at: p.at, type: p.type, data: p.data, client_event_id: null }),
);
const wrapUpCall = compiledOnce((db, p: { callId: number }) => db.selectFrom('calls').select([...WRAP_UP_CALL_COLUMNS]).where('id', '=', p.callId));

/**
 * After-call work: drafts saved as typed, submit, the time box with Extend, and recovery after a
 * restart. The call's wrap_up_ended_at is when ACW ended (submit, time box, or going ready);
 * the wrap-up record itself may be completed later without changing that.
 */
export function createWrapUpService({ db, log, desks, acw, now, onError, sweepMs }: WrapUpServiceDeps) {
  const timers = new Map<number, NodeJS.Timeout>();

  async function ownCall(q: Kysely<Database> | Tx, agentId: number, callId: number): Promise<WrapUpCall> {
    const call = await wrapUpCall.first(q, { callId });
    if (call === undefined || call.agent_id !== agentId) throw new ContractFailure('NOT_FOUND', `no call ${callId} of yours`);
    if (call.answered_at === null || call.ended_at === null) throw new ContractFailure('CONFLICT', `call ${callId} has no wrap-up: it was not answered or has not ended`);
    return call;
  }

  async function callEvent(tx: Tx, callId: number, type: string, at: number, data: unknown): Promise<void> {
    await timelineEvent.send(tx, { callId, at, type, data: data === null ? null : JSON.stringify(data) });
  }

  function clearTimer(callId: number): void {
    clearTimeout(timers.get(callId));
    timers.delete(callId);
  }

  /** The time box ran out: end ACW at the deadline (unless it was extended or ended meanwhile). */
  async function timeUp(agentId: number, callId: number): Promise<void> {
    let later: number | null = null;
    await desks.change(agentId, async (tx, desk) => {
      const call = await tx.selectFrom('calls').select(['wrap_up_ended_at', 'wrap_up_deadline']).where('id', '=', callId).executeTakeFirst();
      if (call === undefined || call.wrap_up_ended_at !== null || call.wrap_up_deadline === null) return;
      if (call.wrap_up_deadline > now()) {
        later = call.wrap_up_deadline;
        return;
      }
      desk.eventAt = call.wrap_up_deadline;
      await endAcwIn(log, tx, agentId, callId, call.wrap_up_deadline, 'timeout');
    });
    if (later !== null) schedule(agentId, callId, later);
  }

  function schedule(agentId: number, callId: number, deadline: number): void {
    clearTimer(callId);
    const timer = setTimeout(() => {
      timers.delete(callId);
      timeUp(agentId, callId).catch(onError);
    }, Math.max(0, deadline - now()));
    timer.unref();
    timers.set(callId, timer);
  }

  async function saveDraft(agentId: number, callId: number, revision: number, fields: WrapUpFields): Promise<WrapUp> {
    const call = await ownCall(db, agentId, callId);
    const rows = await wrapUpRows(db, call, fields, false);
    await log.transact(async (tx) => {
      const saved = await tx
        .updateTable('wrap_ups')
        .set({ ...rows, revision, updated_at: now() })
        .where('call_id', '=', callId)
        .where('draft', '=', 1)
        .where('revision', '<', revision)
        .executeTakeFirst();
      if (saved.numUpdatedRows > 0n) await log.append(tx, { type: 'wrapUp.drafted', agentId, callId, data: { revision } }, now());
    });
    return readWrapUp(db, call, acw().mode);
  }

  /**
   * Log the outcome. With a `requestId` (every Frontline desk sends one) a resend of a submit already
   * applied — its answer lost with the connection or the instance — changes nothing and answers
   * with the wrap-up as it stands; the same id with another call or other fields is refused.
   */
  async function submit(agentId: number, callId: number, fields: WrapUpFields, requestId?: string): Promise<{ wrapUp: WrapUp; status: AgentStatus }> {
    const mode = acw().mode;
    if (mode === 'mandatory' && (fields.dispositionCode === null || fields.resolved === null)) {
      throw new ContractFailure('INVALID_INPUT', 'a disposition and resolved yes/no are required');
    }
    const before = await ownCall(db, agentId, callId);
    const rows = await wrapUpRows(db, before, fields, true);
    // One transaction: a crash leaves either no submit at all or all of it (record, events, end of ACW, presence).
    const fingerprint = requestId === undefined ? null : submitFingerprint(callId, fields);
    const { status } = await desks.change(agentId, async (tx) => {
      const call = await ownCall(tx, agentId, callId);
      const at = now();
      if (requestId !== undefined && fingerprint !== null) {
        if (await submittedBefore(tx, agentId, requestId, fingerprint)) return;
        await tx.insertInto('wrap_up_requests').values({ request_id: requestId, agent_id: agentId, call_id: callId, fingerprint, at }).execute();
      }
      // Writes whose results nothing reads are not waited for (ADR 0056).
      await sendWrite(tx, tx.updateTable('wrap_ups').set({ ...rows, draft: 0, submitted_at: at, updated_at: at }).where('call_id', '=', callId));
      // Corrections replace what an earlier submit wrote.
      await sendWrite(tx, tx.deleteFrom('customer_tags').where('call_id', '=', callId));
      if (call.customer_id !== null && fields.tags.length > 0) {
        const customerId = call.customer_id;
        await sendWrite(tx, tx.insertInto('customer_tags').values([...new Set(fields.tags)].map((tag) => ({ customer_id: customerId, tag, call_id: callId, at }))));
      }
      // The wrap-up's answer is the last word on the call's offer (a correction replaces the pop's).
      await sendWrite(tx, tx.deleteFrom('offer_outcomes').where('call_id', '=', callId).where('outcome', 'in', ['accepted', 'declined']));
      if (fields.offerCode !== null && (fields.offerOutcome === 'accepted' || fields.offerOutcome === 'declined')) {
        await recordCallOfferOutcome(log, tx, { id: callId, agentId, customerId: call.customer_id }, fields.offerCode, fields.offerOutcome, at);
      }
      await callEvent(tx, callId, 'wrap-up-submitted', at, { dispositionCode: fields.dispositionCode, resolved: fields.resolved });
      await log.append(tx, { type: 'wrapUp.submitted', agentId, callId, data: { dispositionCode: fields.dispositionCode, resolved: fields.resolved } }, at);
      await endAcwIn(log, tx, agentId, callId, at, 'agent');
    });
    clearTimer(callId);
    return { wrapUp: await readWrapUp(db, await ownCall(db, agentId, callId), mode), status };
  }

  async function extend(agentId: number, callId: number): Promise<WrapUp> {
    const { mode, extendS } = acw();
    const { value: call } = await desks.change(agentId, async (tx) => {
      const current = await ownCall(tx, agentId, callId);
      if (mode !== 'time-boxed' || current.wrap_up_deadline === null || current.wrap_up_ended_at !== null) {
        throw new ContractFailure('CONFLICT', 'only a running time-boxed wrap-up can be extended');
      }
      const deadline = Math.max(current.wrap_up_deadline, now()) + extendS * 1000;
      await tx.updateTable('calls').set({ wrap_up_deadline: deadline }).where('id', '=', callId).execute();
      await callEvent(tx, callId, 'wrap-up-extended', now(), { deadline });
      await log.append(tx, { type: 'wrapUp.extended', agentId, callId, data: { deadline } }, now());
      return { ...current, wrap_up_deadline: deadline };
    });
    schedule(agentId, callId, call.wrap_up_deadline as number);
    return readWrapUp(db, call, mode);
  }

  /** The agent's answered calls whose wrap-up is not submitted yet (drafts survive reloads and crashes). */
  async function pending(agentId: number, since: number): Promise<WrapUp[]> {
    const calls = await db
      .selectFrom('calls')
      .innerJoin('wrap_ups', 'wrap_ups.call_id', 'calls.id')
      .select(WRAP_UP_CALL_COLUMNS.map((c) => `calls.${c}` as const))
      .where('calls.agent_id', '=', agentId)
      .where('calls.offered_at', '>=', since - 24 * 3600_000)
      .where('wrap_ups.draft', '=', 1)
      .where('calls.ended_at', '>=', since)
      .orderBy('calls.ended_at')
      .execute();
    return Promise.all(calls.map((c) => readWrapUp(db, c, acw().mode)));
  }

  /** At start: time boxes that ran out while we were down end at their deadline; the rest are re-armed. */
  async function recover(): Promise<{ closed: number; rearmed: number }> {
    const open = await db
      .selectFrom('calls')
      .select(['id', 'agent_id', 'wrap_up_deadline'])
      .where('wrap_up_ended_at', 'is', null)
      .where('answered_at', 'is not', null)
      .where('ended_at', 'is not', null)
      .where('wrap_up_deadline', 'is not', null)
      .execute();
    let closed = 0;
    for (const c of open) {
      if (c.agent_id === null || c.wrap_up_deadline === null) continue;
      if (c.wrap_up_deadline <= now()) {
        await timeUp(c.agent_id, c.id);
        closed += 1;
      } else {
        schedule(c.agent_id, c.id, c.wrap_up_deadline);
      }
    }
    return { closed, rearmed: open.length - closed };
  }

  /** Every time box whose deadline has passed, ended now (what the timers do; also after the clock jumps). */
  async function endDueTimeBoxes(): Promise<void> {
    const due = await db
      .selectFrom('calls')
      .select(['id', 'agent_id'])
      .where('wrap_up_ended_at', 'is', null)
      .where('answered_at', 'is not', null)
      .where('ended_at', 'is not', null)
      .where('wrap_up_deadline', '<=', now())
      .execute();
    for (const c of due) if (c.agent_id !== null) await timeUp(c.agent_id, c.id);
  }

  let sweeping = false;
  const sweep =
    sweepMs === undefined
      ? null
      : setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          endDueTimeBoxes()
            .catch(onError)
            .finally(() => (sweeping = false));
        }, sweepMs);
  sweep?.unref();

  return {
    get: async (agentId: number, callId: number) => readWrapUp(db, await ownCall(db, agentId, callId), acw().mode),
    saveDraft,
    submit,
    extend,
    pending,
    schedule,
    recover,
    endDueTimeBoxes,
    stop(): void {
      if (sweep !== null) clearInterval(sweep);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

export type WrapUpService = ReturnType<typeof createWrapUpService>;
