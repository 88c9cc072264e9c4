import { createTopRanked, exclusionOf, matchStep, rank, stepFor, type AgentCandidate, type Exclusion } from './candidates';
import type { QueuePolicy } from './queue-policy';

/** The caller's sticky agent (last who served them, within the window) and where that agent is now. */
export interface StickyAgent {
  agentId: number;
  /** free: available and not reserved; busy: signed in but on a call, ringing or in wrap-up; away: on a break, offline, gone. */
  where: 'free' | 'busy' | 'away';
}

export interface DecisionInput {
  policy: QueuePolicy;
  queueId: number | null;
  /** Seconds since the caller first asked (the call's time in queue). */
  waitedSec: number;
  sticky: StickyAgent | null;
  /** Available agents with no reservation, in any queue: the step filters them. */
  free: readonly AgentCandidate[];
  /** Agents this call was already offered to (declined, missed): never offered again. */
  tried: ReadonlySet<number>;
  /** Agents signed in who could take this queue at its widest step, free or not. */
  staffed: number;
  /**
   * At most this many agents in an offer, the best first (default: every one who qualifies). The engine reserves
   * one agent at a time and almost always gets the first; it asks for the whole order only when all of these were
   * taken meanwhile. Ring-all never lists more than RING_ALL_MAX either way.
   */
  limit?: number;
}

/** What the engine does next for a call, with the reason recorded in the log (ADR 0026). */
export type Plan =
  | { kind: 'offer'; step: string; agentIds: number[]; why: string; excluded: { agentId: number; why: Exclusion }[]; /** How many qualify (agentIds may list fewer: `limit`, ring-all). */ eligible: number }
  | { kind: 'wait'; step: string; why: string; excluded: { agentId: number; why: Exclusion }[] }
  | { kind: 'release'; step: string; reason: 'max-wait' | 'no-agents'; why: string };

/** Most agents a ring-all offer reserves at once. */
export const RING_ALL_MAX = 8;

/**
 * The pure routing decision. Order of the rules (ADR 0026):
 * 1. past the queue's max wait → release;
 * 2. nobody signed in who could ever take the queue → release (no-agents);
 * 3. sticky: a free sticky agent not yet tried is offered first; a busy one is waited for until
 *    the sticky timeout (an away one is not waited for);
 * 4. bullseye: the step the wait has reached says who qualifies; the strategy orders them;
 * 5. nobody qualifies → wait (a later decision is pushed when an agent frees or the step widens).
 * VIP does not change who may take a call, only which waiting call an agent who frees takes first.
 */
export function decide(input: DecisionInput): Plan {
  const { policy, waitedSec, sticky, tried } = input;
  if (waitedSec >= policy.maxWaitSec) return { kind: 'release', step: 'max-wait', reason: 'max-wait', why: `waited ${Math.floor(waitedSec)} s ≥ max wait ${policy.maxWaitSec} s` };
  if (input.staffed === 0) return { kind: 'release', step: 'no-agents', reason: 'no-agents', why: 'no agent is signed in for this queue' };
  const stickyOpen = sticky !== null && !tried.has(sticky.agentId) && waitedSec < policy.stickyTimeoutSec;
  if (stickyOpen && sticky.where === 'free' && input.free.some((a) => a.agentId === sticky.agentId)) {
    return { kind: 'offer', step: 'sticky', agentIds: [sticky.agentId], why: `agent ${sticky.agentId} served this customer last`, excluded: [], eligible: 1 };
  }
  if (stickyOpen && sticky.where === 'busy') {
    return { kind: 'wait', step: 'sticky', why: `waiting up to ${policy.stickyTimeoutSec} s for agent ${sticky.agentId}, who served this customer last`, excluded: [] };
  }
  const index = stepFor(policy, waitedSec);
  const step = policy.bullseye[index];
  const label = `bullseye ${index + 1}/${Math.max(1, policy.bullseye.length)}`;
  const limit = Math.max(1, input.limit ?? Number.POSITIVE_INFINITY);
  const max = policy.strategy === 'ring-all' ? Math.min(RING_ALL_MAX, limit) : limit;
  let agentIds: number[];
  let qualify: number;
  let excluded: { agentId: number; why: Exclusion }[];
  if (Number.isFinite(max)) {
    // Only the first few in the strategy's order are needed: no list of everyone who qualifies, no sort of it.
    const top = createTopRanked(policy.strategy, max);
    const min = step?.minProficiency ?? 0;
    excluded = [];
    qualify = 0;
    for (const a of input.free) {
      const why = exclusionOf(policy, input.queueId, step, min, a, tried);
      if (why !== null) excluded.push({ agentId: a.agentId, why });
      else {
        qualify++;
        top.offer(a);
      }
    }
    agentIds = top.best.map((a) => a.agentId);
  } else {
    const match = matchStep(policy, input.queueId, step, input.free, tried);
    excluded = match.excluded;
    qualify = match.eligible.length;
    agentIds = rank(policy.strategy, match.eligible).map((a) => a.agentId);
  }
  if (qualify === 0) {
    return { kind: 'wait', step: label, why: input.free.length === 0 ? 'no agent is free' : `${input.free.length} free agent(s), none qualifies at this step`, excluded };
  }
  return { kind: 'offer', step: label, agentIds, why: `${policy.strategy}: ${qualify} qualify${step !== undefined ? ` (proficiency ≥ ${step.minProficiency}${step.anyQueue ? ', any queue' : ''})` : ''}`, excluded, eligible: qualify };
}

/** The next time the plan of a waiting call can change by itself: the sticky timeout, the next bullseye step, or max wait. */
export function nextChangeSec(policy: QueuePolicy, waitedSec: number, sticky: StickyAgent | null): number {
  const times = [policy.maxWaitSec, ...policy.bullseye.map((s) => s.afterSec)];
  if (sticky !== null) times.push(policy.stickyTimeoutSec);
  const later = times.filter((t) => t > waitedSec);
  return later.length === 0 ? policy.maxWaitSec : Math.min(...later);
}

/** Whom a freed agent serves first: VIP callers, then the longest waiting. */
export function byPriority<T extends { vip: boolean; queuedAt: number }>(waiting: readonly T[]): T[] {
  return [...waiting].sort((a, b) => Number(b.vip) - Number(a.vip) || a.queuedAt - b.queuedAt);
}

/** Estimated wait (shown and spoken): position × AHT ÷ agents staffed, in whole seconds; null when nobody is staffed. */
export function estimatedWaitSec(position: number, ahtSec: number, staffed: number): number | null {
  if (staffed <= 0) return null;
  return Math.round((position * ahtSec) / staffed);
}
