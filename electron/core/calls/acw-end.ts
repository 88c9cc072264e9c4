import { compiledOnce } from '../db/compiled-once';
import type { EventLog, Tx } from '../log/event-log';

const endWrapUpTime = compiledOnce((db, p: { callId: number; at: number }) =>
  db.updateTable('calls').set({ wrap_up_ended_at: p.at }).where('id', '=', p.callId).where('wrap_up_ended_at', 'is', null),
);
const closeWrapUp = compiledOnce((db, p: { callId: number; closedBy: string; at: number }) =>
  db.updateTable('wrap_ups').set({ closed_by: p.closedBy, updated_at: p.at }).where('call_id', '=', p.callId).where('closed_by', 'is', null),
);
const wrapUpEndedEvent = compiledOnce((db, p: { callId: number; at: number; data: string }) =>
  db.insertInto('call_events').values({ call_id: p.callId, at: p.at, type: 'wrap-up-ended', data: p.data, client_event_id: null }),
);

/**
 * End after-call work on one call inside the caller's transaction: the call's wrap_up_ended_at,
 * who closed it, and the event. False when it had already ended (idempotent).
 */
export async function endAcwIn(log: EventLog, tx: Tx, agentId: number, callId: number, at: number, closedBy: string): Promise<boolean> {
  if ((await endWrapUpTime.affected(tx, { callId, at })) === 0n) return false;
  // Not waited for (ADR 0056): nothing reads their results.
  await closeWrapUp.send(tx, { callId, closedBy, at });
  await wrapUpEndedEvent.send(tx, { callId, at, data: JSON.stringify({ closedBy }) });
  await log.append(tx, { type: 'wrapUp.ended', agentId, callId, data: { closedBy } }, at);
  return true;
}

/** Going ready (or any chosen state, or signing out) ends after-call work on every open wrap-up; drafts are kept. */
export async function endOpenAcwIn(log: EventLog, tx: Tx, agentId: number, at: number, closedBy: string): Promise<number[]> {
  const open = await tx
    .selectFrom('calls')
    .select('id')
    .where('agent_id', '=', agentId)
    .where('wrap_up_ended_at', 'is', null)
    .where('answered_at', 'is not', null)
    .where('ended_at', 'is not', null)
    .execute();
  const ended: number[] = [];
  for (const { id } of open) if (await endAcwIn(log, tx, agentId, id, at, closedBy)) ended.push(id);
  return ended;
}
