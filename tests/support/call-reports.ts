import { randomUUID } from 'node:crypto';
import type { Core } from '../../electron/core/create-core';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { AgentStatus } from '../../shared/contract/schemas/agent';
import type { CallEventReport } from '../../shared/contract/schemas/calls';
import type { WrapUpFields } from '../../shared/contract/schemas/wrap-up';

export interface Reported {
  callId: number;
  applied: boolean;
  status: AgentStatus;
}

/** calls.report through the dispatcher, failing loudly on an error envelope. */
export async function report(
  core: Core,
  ctx: CallContext,
  callKey: string,
  event: CallEventReport,
  at: number,
  extra: { eventId?: string; transferredFromCallId?: number } = {},
): Promise<Reported> {
  const r = await core.dispatch('calls.report', { callKey, eventId: extra.eventId ?? randomUUID(), at, event, transferredFromCallId: extra.transferredFromCallId }, ctx);
  if (!r.ok) throw new Error(`${event.type}: ${r.error.code} ${r.error.message}`);
  return r.value as Reported;
}

/** An inbound offer from a number (null: withheld). */
export function inbound(callerE164: string | null, more: Partial<Extract<CallEventReport, { type: 'offered' }>> = {}): CallEventReport {
  return {
    type: 'offered',
    direction: 'inbound',
    callerE164,
    withheld: callerE164 === null,
    callerDisplay: null,
    queue: 'Support',
    waitedMs: null,
    queueCallId: null,
    sipCallId: null,
    customerId: null,
    ...more,
  };
}

export function fields(more: Partial<WrapUpFields> = {}): WrapUpFields {
  return { dispositionCode: 'resolved', resolved: true, notes: '', offerCode: null, offerOutcome: null, callbackAt: null, tags: [], ...more };
}
