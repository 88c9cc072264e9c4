import type { Kysely, Transaction } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import type { AcwSettings } from '../../../shared/contract/schemas/settings';
import type { WrapUp, WrapUpFields } from '../../../shared/contract/schemas/wrap-up';
import type { AgentDesks } from '../agents/agent-desk';
import type { Database } from '../db/schema';
import type { KeyedLock } from '../util/keyed-lock';
import { readWrapUp, wrapUpRows, type WrapUpCall } from './wrap-up-store';

export interface WrapUpServiceDeps {
  db: Kysely<Database>;
  desks: AgentDesks;
  lock: KeyedLock;
  acw: () => AcwSettings;
  now: () => number;
  onCallChanged: (callId: number) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * After-call work: drafts saved as typed, submit, the time box with Extend, and recovery after a
 * restart. The call's wrap_up_ended_at is when ACW ended (submit, time box, or going ready);
 * the wrap-up record itself may be completed later without changing that.
 */
export function createWrapUpService({ db, desks, lock, acw, now, onCallChanged, onError }: WrapUpServiceDeps) {
  const timers = new Map<number, NodeJS.Timeout>();

  async function ownCall(agentId: number, callId: number): Promise<WrapUpCall> {
    const call = await db
      .selectFrom('calls')
      .select(['id', 'agent_id', 'queue_id', 'customer_id', 'caller_e164', 'caller_display', 'offered_at', 'answered_at', 'ended_at', 'wrap_up_ended_at', 'wrap_up_deadline'])
      .where('id', '=', callId)
      .executeTakeFirst();
    if (call === undefined || call.agent_id !== agentId) throw new ContractFailure('NOT_FOUND', `no call ${callId} of yours`);
    if (call.answered_at === null || call.ended_at === null) throw new ContractFailure('CONFLICT', `call ${callId} has no wrap-up: it was not answered or has not ended`);
    return call;
  }

  async function event(tx: Transaction<Database>, callId: number, type: string, at: number, data: unknown): Promise<void> {
    await tx.insertInto('call_events').values({ call_id: callId, at, type, data: data === null ? null : JSON.stringify(data), client_event_id: null }).execute();
  }

  /** The rows that end ACW on a call, inside the caller's transaction; false when it had already ended. */
  async function endAcwIn(tx: Transaction<Database>, callId: number, at: number, closedBy: string): Promise<boolean> {
    const r = await tx.updateTable('calls').set({ wrap_up_ended_at: at }).where('id', '=', callId).where('wrap_up_ended_at', 'is', null).executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    await tx.updateTable('wrap_ups').set({ closed_by: closedBy, updated_at: at }).where('call_id', '=', callId).where('closed_by', 'is', null).execute();
    await event(tx, callId, 'wrap-up-ended', at, { closedBy });
    return true;
  }

  /** End ACW on a call (idempotent) and let presence follow. */
  async function endAcw(agentId: number, callId: number, at: number, closedBy: string): Promise<void> {
    const ended = await db.transaction().execute((tx) => endAcwIn(tx, callId, at, closedBy));
    await afterAcw(agentId, callId, ended);
  }

  /** What follows the end of ACW outside the database: the timer, live figures, presence. */
  async function afterAcw(agentId: number, callId: number, ended: boolean): Promise<void> {
    clearTimer(callId);
    if (ended) await onCallChanged(callId);
    if (ended || desks.activityOf(agentId, callId) !== undefined) desks.setActivity(agentId, callId, null);
  }

  function clearTimer(callId: number): void {
    clearTimeout(timers.get(callId));
    timers.delete(callId);
  }

  function schedule(agentId: number, callId: number, deadline: number): void {
    clearTimer(callId);
    const timer = setTimeout(
      () => {
        timers.delete(callId);
        lock(agentId, async () => {
          const call = await db.selectFrom('calls').select(['wrap_up_ended_at', 'wrap_up_deadline']).where('id', '=', callId).executeTakeFirst();
          if (call === undefined || call.wrap_up_ended_at !== null || call.wrap_up_deadline === null) return;
          // Extended meanwhile: wait for the new deadline.
          if (call.wrap_up_deadline > now()) return schedule(agentId, callId, call.wrap_up_deadline);
          await endAcw(agentId, callId, call.wrap_up_deadline, 'timeout');
          await desks.settle(agentId, call.wrap_up_deadline);
        }).catch(onError);
      },
      Math.max(0, deadline - now()),
    );
    timer.unref();
    timers.set(callId, timer);
  }

  async function saveDraft(agentId: number, callId: number, revision: number, fields: WrapUpFields): Promise<WrapUp> {
    const call = await ownCall(agentId, callId);
    const rows = await wrapUpRows(db, call, fields, false);
    await db
      .updateTable('wrap_ups')
      .set({ ...rows, revision, updated_at: now() })
      .where('call_id', '=', callId)
      .where('draft', '=', 1)
      .where('revision', '<', revision)
      .execute();
    return readWrapUp(db, call, acw().mode);
  }

  async function submit(agentId: number, callId: number, fields: WrapUpFields): Promise<{ wrapUp: WrapUp; status: AgentStatus }> {
    const call = await ownCall(agentId, callId);
    const mode = acw().mode;
    if (mode === 'mandatory' && (fields.dispositionCode === null || fields.resolved === null)) {
      throw new ContractFailure('INVALID_INPUT', 'a disposition and resolved yes/no are required');
    }
    const rows = await wrapUpRows(db, call, fields, true);
    const at = now();
    // One transaction: a crash leaves either no submit at all or all of it (record, event, end of ACW).
    const ended = await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('wrap_ups')
        .set({ ...rows, draft: 0, submitted_at: at, updated_at: at })
        .where('call_id', '=', callId)
        .execute();
      // Corrections replace what an earlier submit wrote.
      await tx.deleteFrom('customer_tags').where('call_id', '=', callId).execute();
      await tx.deleteFrom('offer_outcomes').where('call_id', '=', callId).where('outcome', 'in', ['accepted', 'declined']).execute();
      if (call.customer_id !== null) {
        const customerId = call.customer_id;
        if (fields.tags.length > 0) {
          await tx.insertInto('customer_tags').values([...new Set(fields.tags)].map((tag) => ({ customer_id: customerId, tag, call_id: callId, at }))).execute();
        }
        if (rows.offer_id !== null && (fields.offerOutcome === 'accepted' || fields.offerOutcome === 'declined')) {
          await tx.insertInto('offer_outcomes').values({ call_id: callId, customer_id: customerId, offer_id: rows.offer_id, outcome: fields.offerOutcome, at }).execute();
        }
      }
      await event(tx, callId, 'wrap-up-submitted', at, { dispositionCode: fields.dispositionCode, resolved: fields.resolved });
      return endAcwIn(tx, callId, at, 'agent');
    });
    await afterAcw(agentId, callId, ended);
    if (!ended) await onCallChanged(callId);
    const status = await desks.settle(agentId);
    return { wrapUp: await readWrapUp(db, await ownCall(agentId, callId), mode), status };
  }

  async function extend(agentId: number, callId: number): Promise<WrapUp> {
    const call = await ownCall(agentId, callId);
    const { mode, extendS } = acw();
    if (mode !== 'time-boxed' || call.wrap_up_deadline === null || call.wrap_up_ended_at !== null) {
      throw new ContractFailure('CONFLICT', 'only a running time-boxed wrap-up can be extended');
    }
    const deadline = Math.max(call.wrap_up_deadline, now()) + extendS * 1000;
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('calls').set({ wrap_up_deadline: deadline }).where('id', '=', callId).execute();
      await event(tx, callId, 'wrap-up-extended', now(), { deadline });
    });
    schedule(agentId, callId, deadline);
    return readWrapUp(db, { ...call, wrap_up_deadline: deadline }, mode);
  }

  /** The agent's answered calls whose wrap-up is not submitted yet (drafts survive reloads and crashes). */
  async function pending(agentId: number, since: number): Promise<WrapUp[]> {
    const calls = await db
      .selectFrom('calls')
      .innerJoin('wrap_ups', 'wrap_ups.call_id', 'calls.id')
      .select(['calls.id', 'calls.agent_id', 'calls.queue_id', 'calls.customer_id', 'calls.caller_e164', 'calls.caller_display', 'calls.offered_at', 'calls.answered_at', 'calls.ended_at', 'calls.wrap_up_ended_at', 'calls.wrap_up_deadline'])
      .where('calls.agent_id', '=', agentId)
      .where('calls.offered_at', '>=', since - 24 * 3600_000)
      .where('wrap_ups.draft', '=', 1)
      .where('calls.ended_at', '>=', since)
      .orderBy('calls.ended_at')
      .execute();
    return Promise.all(calls.map((c) => readWrapUp(db, c, acw().mode)));
  }

  /** Going ready (or any chosen state) ends after-call work on every open wrap-up, drafts kept. */
  async function readyNow(agentId: number): Promise<void> {
    const open = await db
      .selectFrom('calls')
      .select('id')
      .where('agent_id', '=', agentId)
      .where('answered_at', 'is not', null)
      .where('ended_at', 'is not', null)
      .where('wrap_up_ended_at', 'is', null)
      .execute();
    for (const { id } of open) await endAcw(agentId, id, now(), 'agent-ready');
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
        await endAcw(c.agent_id, c.id, c.wrap_up_deadline, 'timeout');
        closed += 1;
      } else {
        schedule(c.agent_id, c.id, c.wrap_up_deadline);
      }
    }
    return { closed, rearmed: open.length - closed };
  }

  return {
    get: async (agentId: number, callId: number) => readWrapUp(db, await ownCall(agentId, callId), acw().mode),
    saveDraft: (agentId: number, callId: number, revision: number, fields: WrapUpFields) => lock(agentId, () => saveDraft(agentId, callId, revision, fields)),
    submit: (agentId: number, callId: number, fields: WrapUpFields) => lock(agentId, () => submit(agentId, callId, fields)),
    extend: (agentId: number, callId: number) => lock(agentId, () => extend(agentId, callId)),
    pending,
    readyNow,
    schedule,
    recover,
    stop(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

export type WrapUpService = ReturnType<typeof createWrapUpService>;
