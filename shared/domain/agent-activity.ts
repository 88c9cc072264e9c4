import type { AgentState } from '../contract/schemas/agent';

/** Where one of an agent's call legs is, as far as presence is concerned. */
export type LegActivity = 'ringing' | 'talking' | 'wrap-up';

/** Where a leg is, as the board shows it (holding is talking, for presence). */
export type LegPhase = 'ringing' | 'talking' | 'held' | 'wrap-up';

/**
 * The one rule for where a leg stands, from its stored times: null once it is off the desk (ended
 * unanswered, or after-call work over); outbound legs are live from the start.
 */
export function legPhase(leg: {
  direction: string;
  answeredAt: number | null;
  endedAt: number | null;
  wrapUpEndedAt: number | null;
  onHold: boolean;
}): LegPhase | null {
  if (leg.wrapUpEndedAt !== null) return null;
  if (leg.endedAt !== null) return leg.answeredAt === null ? null : 'wrap-up';
  if (leg.answeredAt === null && leg.direction !== 'outbound') return 'ringing';
  return leg.onHold ? 'held' : 'talking';
}

export function activityOf(phase: LegPhase): LegActivity {
  return phase === 'held' ? 'talking' : phase;
}

/**
 * A state the agent chose: what they go back to when their calls are done. `disconnected` is set by
 * the core when the desk's connection is gone past its grace period (ADR 0025), never chosen.
 */
export interface RestingState {
  state: Extract<AgentState, 'available' | 'break' | 'offline' | 'disconnected'>;
  reason: string | null;
}

/**
 * Presence follows the calls: talking on any leg wins (call waiting keeps the agent on call),
 * then a ringing leg, then after-call work; with no call the agent is back in the resting state.
 */
export function presenceFor(activities: Iterable<LegActivity>, resting: RestingState): { state: AgentState; reason: string | null } {
  // A desk that is gone shows Disconnected whatever its calls: nobody is there to take them.
  if (resting.state === 'disconnected') return { state: resting.state, reason: resting.reason };
  let ringing = false;
  let wrapUp = false;
  for (const a of activities) {
    if (a === 'talking') return { state: 'on-call', reason: null };
    if (a === 'ringing') ringing = true;
    if (a === 'wrap-up') wrapUp = true;
  }
  if (ringing) return { state: 'ringing', reason: null };
  if (wrapUp) return { state: 'wrap-up', reason: null };
  return { state: resting.state, reason: resting.reason };
}

/** Reason recorded when too many calls in a row rang out. */
export const MISSED_CALLS_REASON = 'Missed calls';

/** After a ring timeout: back where the agent was, or on a break after too many misses in a row. */
export function restingAfterMiss(resting: RestingState, consecutiveMisses: number, missesBeforeUnavailable: number): RestingState {
  return consecutiveMisses >= missesBeforeUnavailable ? { state: 'break', reason: MISSED_CALLS_REASON } : resting;
}

/**
 * Reported times come from the agent's clock (corrected by its offset to ours), so a report
 * replayed after a reconnect keeps the time it happened. Never in our future, never older than
 * `maxAgeMs` (then ours), and never before the call's previous event.
 */
export function trustedEventTime(reportedAt: number, serverNow: number, lastEventAt: number | null, maxAgeMs = 12 * 3600_000): number {
  const at = reportedAt > serverNow || serverNow - reportedAt > maxAgeMs ? serverNow : reportedAt;
  return lastEventAt !== null && at < lastEventAt ? lastEventAt : at;
}
