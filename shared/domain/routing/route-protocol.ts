/**
 * The routing seam between the PBX adapter (Kamailio via evapi, or the demo line) and the core's
 * routing engine (ADR 0026). One routing conversation per call, keyed by the caller's INVITE
 * Call-ID: the PBX asks, the engine answers at once (an agent, or wait), later decisions for a
 * waiting call are pushed, and the PBX reports what it saw.
 */

/** Why an offer to an agent did not connect. A `no-answer` counts as a miss (ADR 0013); a decline does not. */
export type OfferOutcome = 'no-answer' | 'declined' | 'busy' | 'failed';

export const OFFER_OUTCOMES: readonly OfferOutcome[] = ['no-answer', 'declined', 'busy', 'failed'];

/**
 * What ends a routing conversation at the PBX: the agent answered, the caller hung up, or the PBX gave up
 * waiting for a decision and sent the caller down its static route (ADR 0039) — Frontline no longer holds them.
 */
export type CallEndReport = 'answered' | 'caller-gone' | 'static-route';

export const CALL_END_REPORTS: readonly CallEndReport[] = ['answered', 'caller-gone', 'static-route'];

/** Everything the PBX reports: a call's end, or one offer's failure. */
export type ReportWhat = CallEndReport | OfferOutcome;

export const REPORT_WHATS: readonly ReportWhat[] = [...CALL_END_REPORTS, ...OFFER_OUTCOMES];

/** The SIP header the PBX adds to the INVITE it sends an agent: the softphone matches it to the pop already painted. */
export const ROUTE_HEADER = 'X-Frontline-Route';

export interface RouteRequest {
  /** The caller's INVITE Call-ID: one routing conversation per call. */
  callId: string;
  /** Raw, attacker controlled: the engine cleans and validates. */
  caller: { number: string | null; displayName: string | null };
  /** Queue key the PBX config maps the dialled number to; null = the default queue. */
  queue: string | null;
  /** Set when the PBX asks again after a failed offer. */
  previous?: { decisionId: string; outcome: OfferOutcome };
}

export type ReleaseReason = 'max-wait' | 'no-agents' | 'closed';

export type RouteDecision =
  /** The agent is already reserved and the pop pushed to their desk: ring `target` with `X-Frontline-Route: decisionId`. */
  | {
      kind: 'agent';
      decisionId: string;
      agentId: string;
      target: string;
      ringTimeoutMs: number;
      /** Ring-all: the other agents reserved (pops pushed) to ring in parallel with `target`; absent otherwise. */
      alsoRing?: { agentId: string; target: string }[];
    }
  /** Hold the caller (182 Queued + music); a later decision for this callId is pushed. */
  | { kind: 'wait'; decisionId: string; position: number; estimatedWaitSec: number | null }
  /** Send the caller to `target` (voicemail, overflow), or end the call when null. */
  | { kind: 'release'; decisionId: string; target: string | null; reason: ReleaseReason; callbackTaskId: string | null }
  /** Unknown queue, malformed request: answer the caller with this SIP status. */
  | { kind: 'reject'; decisionId: string; status: number; reason: string };

export type RouteReport = { callId: string; decisionId: string | null; what: ReportWhat };

export interface RoutingPort {
  ask(req: RouteRequest): Promise<RouteDecision>;
  /** Later decisions for a waiting call (an agent became free, max wait reached). Returns the unsubscribe. */
  onDecision(listener: (callId: string, decision: RouteDecision) => void): () => void;
  /** What the PBX saw: answered, the caller hung up while waiting or ringing (a queue abandon), the static route took the caller, or the offer failed. */
  report(event: RouteReport): Promise<void>;
}
