import type { EventLog, Tx } from '../log/event-log';

/**
 * End after-call work on one call inside the caller's transaction: the call's wrap_up_ended_at,
 * who closed it, and the event. False when it had already ended (idempotent).
 */
export async function endAcwIn(log: EventLog, tx: Tx, agentId: number, callId: number, at: number, closedBy: string): Promise<boolean> {
  const r = await tx.updateTable('calls').set({ wrap_up_ended_at: at }).where('id', '=', callId).where('wrap_up_ended_at', 'is', null).executeTakeFirst();
  if (r.numUpdatedRows === 0n) return false;
  await tx.updateTable('wrap_ups').set({ closed_by: closedBy, updated_at: at }).where('call_id', '=', callId).where('closed_by', 'is', null).execute();
  await tx.insertInto('call_events').values({ call_id: callId, at, type: 'wrap-up-ended', data: JSON.stringify({ closedBy }), client_event_id: null }).execute();
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
