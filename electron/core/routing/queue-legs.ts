import { createHash } from 'node:crypto';
import { compiledOnce } from '../db/compiled-once';
import type { EventLog } from '../log/event-log';

export interface QueuedCaller {
  sipCallId: string;
  queueId: number | null;
  queuedAt: number;
  displayName: string | null;
  caller: { customerId: number | null; e164: string | null; lookup: { phone: { kind: string } } | null };
}

/**
 * Only what a queue-only leg is written from: a caller kept until their leg is due (seconds, hundreds at a
 * busy centre) does not keep their whole CRM record (the pop) alive with them.
 */
export function queuedCallerOf(c: QueuedCaller): QueuedCaller {
  const kind = c.caller.lookup?.phone.kind;
  return {
    sipCallId: c.sipCallId,
    queueId: c.queueId,
    queuedAt: c.queuedAt,
    displayName: c.displayName,
    caller: { customerId: c.caller.customerId, e164: c.caller.e164, lookup: kind === undefined ? null : { phone: { kind } } },
  };
}

/**
 * The contact key of a routed caller: the MD5 of their INVITE's Call-ID in hex. The PBX sends the same
 * value as `X-Frontline-Contact` to every agent it rings for that caller (Kamailio: `$(ci{s.md5})`;
 * a raw Call-ID may hold characters the softphone refuses in that header), so the queue-only leg and
 * the agent legs of one caller are one contact (ADR 0027).
 */
export function routedContactKey(sipCallId: string): string {
  return createHash('md5').update(sipCallId, 'utf8').digest('hex');
}

interface QueueLeg {
  sip_call_id: string;
  queue_id: number | null;
  customer_id: number | null;
  caller_e164: string | null;
  caller_withheld: number;
  caller_display: string | null;
  contact_key: string;
  queued_at: number;
  at: number;
  end_reason: string;
}

/** Compiled once per dialect (ADR 0049): every caller who leaves after an offer no desk rang for is checked, most are written. */
const insertQueueLeg = compiledOnce((db, p: QueueLeg) =>
  db
    .insertInto('calls')
    .values({
      sip_call_id: p.sip_call_id,
      direction: 'inbound',
      queue_id: p.queue_id,
      agent_id: null,
      customer_id: p.customer_id,
      caller_e164: p.caller_e164,
      caller_withheld: p.caller_withheld,
      caller_display: p.caller_display,
      queue_call_id: p.sip_call_id,
      contact_key: p.contact_key,
      queued_at: p.queued_at,
      offered_at: null,
      ended_at: p.at,
      abandoned_at: p.at,
      end_reason: p.end_reason,
      last_event_at: p.at,
    })
    .returning('id'),
);

/**
 * A caller who left the queue before any desk rang (hung up, or released at max wait) is a leg of
 * their own with no agent: queued, abandoned, never offered (ADR 0027). It shares the contact key
 * the PBX gives the agent legs (`routedContactKey`), so queue metrics see one contact.
 */
export async function recordQueueOnlyLeg(log: EventLog, c: QueuedCaller, at: number, reason: string): Promise<number> {
  return log.transact(async (tx) => {
    const row = await insertQueueLeg.first(tx, {
      sip_call_id: c.sipCallId,
      queue_id: c.queueId,
      customer_id: c.caller.customerId,
      caller_e164: c.caller.e164,
      caller_withheld: c.caller.lookup?.phone.kind === 'withheld' || c.caller.lookup === null ? 1 : 0,
      caller_display: c.displayName,
      contact_key: routedContactKey(c.sipCallId),
      queued_at: c.queuedAt,
      at,
      end_reason: reason,
    });
    if (row === undefined) throw new Error('the queue-only leg was not stored');
    await log.append(tx, { type: 'routing.queueLeft', agentId: null, callId: row.id, data: { sipCallId: c.sipCallId, queueId: c.queueId, reason } }, at);
    return row.id;
  });
}
