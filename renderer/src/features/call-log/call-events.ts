import type { CallEventReport } from '../../../../shared/contract/schemas/calls';
import type { CustomerRecord } from '../../../../shared/contract/schemas/crm';
import type { CallView } from '../softphone';

/** What has been reported of one call so far. */
export interface ReportedCall {
  answered: boolean;
  held: boolean;
  ended: boolean;
}

export const NOTHING_REPORTED: ReportedCall = { answered: false, held: false, ended: false };

/** The offer as the core stores it: caller text bounded, the number only when it is a real one. */
export function offeredEvent(call: CallView): CallEventReport {
  const n = call.identity.number;
  return {
    type: 'offered',
    direction: call.direction,
    callerE164: n.kind === 'number' ? n.e164 : null,
    withheld: n.kind === 'withheld',
    // The caller's own name is a claim, stored as one: the identity is the number (and the CRM customer chosen for it).
    callerDisplay: call.identity.displayName === null ? null : `says: ${call.identity.displayName}`.slice(0, 256),
    queue: call.queue?.slice(0, 64) ?? null,
    waitedMs: call.waitedMs === null ? null : Math.min(Math.max(0, Math.round(call.waitedMs)), 86_400_000),
    queueCallId: call.contactId,
    sipCallId: call.sipCallId.slice(0, 256),
    customerId: null,
  };
}

/**
 * The reports a softphone update implies, in order. Hold counts only once confirmed (held),
 * and resuming only once the call is active again, the same rule the call bar shows.
 */
export function reportsFor(call: CallView, seen: ReportedCall | undefined): { events: CallEventReport[]; next: ReportedCall } {
  const events: CallEventReport[] = [];
  const next = { ...(seen ?? NOTHING_REPORTED) };
  if (seen === undefined) events.push(offeredEvent(call));
  if (next.ended) return { events, next };
  const phase = call.state.phase;
  const talking = phase === 'active' || phase === 'hold-pending' || phase === 'held' || phase === 'resume-pending';
  if (talking && !next.answered) {
    events.push({ type: 'answered' });
    next.answered = true;
  }
  if (phase === 'held' && !next.held) {
    events.push({ type: 'hold-started' });
    next.held = true;
  } else if (phase === 'active' && next.held) {
    events.push({ type: 'hold-ended' });
    next.held = false;
  }
  if (phase === 'ended') {
    events.push({ type: 'ended', reason: call.state.endReason ?? 'failed' });
    next.ended = true;
  }
  return { events, next };
}

/** The pop's offers for one customer, as an impression: painted ('shown') or never on screen ('not-seen'). */
export function offerShownEvent(customer: CustomerRecord, seen: 'shown' | 'not-seen'): CallEventReport | null {
  if (customer.offers.length === 0) return null;
  return {
    type: 'offer-shown',
    seen,
    customerId: customer.id,
    policyVersion: customer.offerPolicy,
    offers: customer.offers.map((o) => ({ code: o.code, rank: o.rank, score: o.score, probability: o.probability })),
  };
}
