import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgentCandidate } from '../../../shared/domain/routing/candidates';
import { ContractFailure } from '../../../shared/contract/errors';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import type { EventHub } from '../hub/event-hub';
import type { EventLog, Tx } from '../log/event-log';
import type { CallbackOutcome } from '../log/log-event';
import type { Reservations } from './reservations';

/** How long an agent has to dial (or skip) a callback offered to them before it goes back to the other tasks. */
export const CALLBACK_OFFER_MS = 60_000;
/** Tasks looked at per reconsideration (oldest first). */
const BATCH = 20;
/** How stale this process's idea of the earliest lapse may get: another instance's offers (one that stopped) are found this late. */
const LAPSE_REREAD_MS = CALLBACK_OFFER_MS;

export interface CallbackRequest {
  sipCallId: string;
  queueId: number | null;
  queueName: string | null;
  customerId: number | null;
  e164: string | null;
  displayName: string | null;
}

const earliestLapse = compiledOnce((db) => db.selectFrom('callback_tasks').select((eb) => eb.fn.min('offer_until').as('next')).where('status', '=', 'offered'));

/**
 * Callback tasks (ADR 0030): a known caller released at a queue's max wait is owed a call back. The
 * task is written with the release decision (one transaction, `routing.callbackCreated`), then offered
 * to a free agent of its queue — longest idle first, only agents no waiting caller took in the same
 * reconsideration — through the same compare-and-set reservation as a call, so the agent is never
 * offered a caller and a callback at once. The desk gets `routing.callbackOffered`; the agent dials
 * (done) or skips (offered to someone else); an offer nobody acts on lapses after a minute.
 */
export function createCallbacks(deps: { db: Kysely<Database>; log: EventLog; hub: EventHub; reservations: Reservations; queueName: (queueId: number | null) => Promise<string | null>; now: () => number }) {
  const { db, log, hub, reservations, now } = deps;
  /** Agents who skipped a task are not offered it again (until a restart). */
  const skipped = new Map<string, Set<number>>();
  /** Tasks may be open: checked at start, set when one is written or reopened, cleared when none is found. */
  let pending = true;
  /**
   * When the earliest offered task lapses (null: none offered), as last read from the file, moved
   * earlier by the offers made here; undefined: read it again. The engine asks after every decision,
   * so it is read at most every LAPSE_REREAD_MS (other instances' offers) or when an offer ended here.
   */
  let lapseAt: number | null | undefined;
  let lapseReadAt = 0;

  /** A callback is owed to callers with a number and a customer record (the "known customer"). */
  function owed(c: CallbackRequest): boolean {
    return c.customerId !== null && c.e164 !== null;
  }

  /** Write the task inside the release decision's transaction; its id goes in the decision. */
  async function create(tx: Tx, c: CallbackRequest, taskId: string, at: number): Promise<void> {
    await tx
      .insertInto('callback_tasks')
      .values({ id: taskId, sip_call_id: c.sipCallId, queue_id: c.queueId, customer_id: c.customerId, caller_e164: c.e164 ?? '', caller_display: c.displayName, created_at: at, status: 'open' })
      .execute();
    await log.append(tx, { type: 'routing.callbackCreated', agentId: null, data: { taskId, sipCallId: c.sipCallId, queueId: c.queueId, customerId: c.customerId } }, at);
    pending = true;
  }

  /** Offers nobody acted on in time go back to the open tasks, and the agent is freed. */
  async function lapse(): Promise<void> {
    const at = now();
    const next = await nextLapse();
    if (next === null || next > at) return;
    lapseAt = undefined;
    const stale = await db.selectFrom('callback_tasks').select(['id', 'agent_id', 'decision_id']).where('status', '=', 'offered').where('offer_until', '<=', at).execute();
    for (const t of stale) {
      await log.transact(async (tx) => {
        await tx.updateTable('callback_tasks').set({ status: 'open', agent_id: null, decision_id: null, offer_until: null }).where('id', '=', t.id).where('status', '=', 'offered').execute();
        if (t.agent_id !== null && t.decision_id !== null) await reservations.release(t.agent_id, t.decision_id, tx);
        await log.append(tx, { type: 'routing.callbackEnded', agentId: t.agent_id, data: { taskId: t.id, outcome: 'lapsed' } }, at);
      });
      pending = true;
    }
  }

  /** Offer open tasks, oldest first, to the free agents left (longest idle first); returns the agents now reserved. */
  async function offer(free: AgentCandidate[]): Promise<number[]> {
    if (!pending || free.length === 0) return [];
    const tasks = await db.selectFrom('callback_tasks').selectAll().where('status', '=', 'open').orderBy('created_at').limit(BATCH).execute();
    if (tasks.length === 0) {
      pending = false;
      return [];
    }
    const left = [...free].sort((a, b) => a.idleSince - b.idleSince);
    const taken: number[] = [];
    for (const t of tasks) {
      const no = skipped.get(t.id);
      const fits = left.filter((a) => !no?.has(a.agentId) && (t.queue_id === null || a.queueIds.length === 0 || a.queueIds.includes(Number(t.queue_id))));
      for (const agent of fits) {
        const decisionId = randomUUID();
        const at = now();
        const until = at + CALLBACK_OFFER_MS;
        const refused = await reservations.inTransaction(async (tx) => {
          const r = await reservations.tryReserve(tx, { agentId: agent.agentId, sipCallId: `callback:${t.id}`, decisionId, until });
          if (r !== null) return r;
          const moved = await tx
            .updateTable('callback_tasks')
            .set((eb) => ({ status: 'offered', agent_id: agent.agentId, decision_id: decisionId, offered_at: at, offer_until: until, attempts: eb('attempts', '+', 1) }))
            .where('id', '=', t.id)
            .where('status', '=', 'open')
            .executeTakeFirst();
          // Another router offered this task meanwhile: roll the reservation back with the transaction.
          if (moved.numUpdatedRows !== 1n) throw new TaskTaken();
          await log.append(tx, { type: 'routing.callbackOffered', agentId: agent.agentId, data: { taskId: t.id, decisionId } }, at);
          return null;
        }).catch((error: unknown) => {
          if (error instanceof TaskTaken) return 'taken' as const;
          throw error;
        });
        if (refused === 'taken') break;
        if (refused !== null) continue;
        left.splice(left.indexOf(agent), 1);
        taken.push(agent.agentId);
        if (lapseAt !== undefined) lapseAt = lapseAt === null ? until : Math.min(lapseAt, until);
        hub.publish('routing.callbackOffered', {
          agentId: agent.agentId,
          taskId: t.id,
          decisionId,
          caller: { e164: t.caller_e164, displayName: t.caller_display },
          customerId: t.customer_id === null ? null : Number(t.customer_id),
          queue: await deps.queueName(t.queue_id === null ? null : Number(t.queue_id)),
          createdAt: Number(t.created_at),
          offerUntil: until,
        });
        break;
      }
      if (left.length === 0) break;
    }
    return taken;
  }

  /** The offered agent dialled the task (done) or skipped it (open again, for someone else). */
  async function outcome(agentId: number, taskId: string, what: CallbackOutcome): Promise<{ taskId: string; status: 'open' | 'done' }> {
    const at = now();
    return log.transact(async (tx) => {
      const t = await tx.selectFrom('callback_tasks').select(['status', 'agent_id', 'decision_id']).where('id', '=', taskId).executeTakeFirst();
      if (t === undefined) throw new ContractFailure('NOT_FOUND', 'no such callback task');
      if (t.status !== 'offered' || t.agent_id === null || Number(t.agent_id) !== agentId) throw new ContractFailure('CONFLICT', 'this callback task is not offered to you (it lapsed or was taken)');
      const status = what === 'dialled' ? 'done' : 'open';
      await tx
        .updateTable('callback_tasks')
        .set(what === 'dialled' ? { status, outcome: what, done_at: at } : { status, agent_id: null, decision_id: null, offer_until: null })
        .where('id', '=', taskId)
        .execute();
      if (t.decision_id !== null) await reservations.release(agentId, t.decision_id, tx);
      await log.append(tx, { type: 'routing.callbackEnded', agentId, data: { taskId, outcome: what } }, at);
      lapseAt = undefined;
      if (what === 'skipped') {
        skipped.set(taskId, (skipped.get(taskId) ?? new Set()).add(agentId));
        pending = true;
      }
      return { taskId, status };
    });
  }

  /** The earliest time an offered task lapses (the engine's timer), or null. */
  async function nextLapse(): Promise<number | null> {
    const at = now();
    if (lapseAt !== undefined && at - lapseReadAt < LAPSE_REREAD_MS) return lapseAt;
    const row = await earliestLapse.first(db, {});
    lapseAt = row?.next === null || row?.next === undefined ? null : Number(row.next);
    lapseReadAt = at;
    return lapseAt;
  }

  return { owed, create, lapse, offer, outcome, nextLapse, pending: () => pending, newTaskId: (): string => randomUUID() };
}

class TaskTaken extends Error {}

export type Callbacks = ReturnType<typeof createCallbacks>;
