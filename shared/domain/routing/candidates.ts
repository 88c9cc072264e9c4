import { proficiencies, type BullseyeStep, type QueuePolicy, type Strategy } from './queue-policy';

/** A free agent as the engine weighs them: from presence (idle since), today's calls and the directory. */
export interface AgentCandidate {
  agentId: number;
  /** When the agent last became available (presence `since`). */
  idleSince: number;
  /** Calls offered to the agent today. */
  callsToday: number;
  /** When the engine last offered this agent a call (round robin), 0 if never. */
  lastOfferedAt: number;
  /** Raw labels from the directory ("billing:4", "fr"). */
  skills: readonly string[];
  languages: readonly string[];
  /** Queues the agent serves; empty = every queue. */
  queueIds: readonly number[];
}

/** Why an agent was left out at a step, for the decision record. */
export type Exclusion = 'queue' | 'skill' | 'language' | 'tried';

export interface StepMatch {
  eligible: AgentCandidate[];
  excluded: { agentId: number; why: Exclusion }[];
}

/** The bullseye step a caller who has waited this long is on: the last one whose `afterSec` has passed. */
export function stepFor(policy: QueuePolicy, waitedSec: number): number {
  let step = 0;
  policy.bullseye.forEach((s, i) => {
    if (waitedSec >= s.afterSec) step = i;
  });
  return step;
}

/** Agents a step admits for a queue: membership (unless the step drops it), skills and language at the step's proficiency. */
export function matchStep(policy: QueuePolicy, queueId: number | null, step: BullseyeStep | undefined, agents: readonly AgentCandidate[], tried: ReadonlySet<number>): StepMatch {
  const min = step?.minProficiency ?? 0;
  const eligible: AgentCandidate[] = [];
  const excluded: StepMatch['excluded'] = [];
  for (const a of agents) {
    const why = exclusionOf(policy, queueId, step, min, a, tried);
    if (why === null) eligible.push(a);
    else excluded.push({ agentId: a.agentId, why });
  }
  return { eligible, excluded };
}

/**
 * Labels parsed once per list: a decision weighs every free agent against the queue's skills and language,
 * and an agent's lists are the same arrays from one decision to the next (the agent pool keeps them).
 */
const parsed = new WeakMap<readonly string[], ReadonlyMap<string, number>>();
function parsedLabels(labels: readonly string[]): ReadonlyMap<string, number> {
  let known = parsed.get(labels);
  if (known === undefined) {
    known = proficiencies(labels);
    parsed.set(labels, known);
  }
  return known;
}

/** Why a step leaves this agent out (`min`: the step's minimum proficiency), or null when it admits them. */
export function exclusionOf(policy: QueuePolicy, queueId: number | null, step: BullseyeStep | undefined, min: number, a: AgentCandidate, tried: ReadonlySet<number>): Exclusion | null {
  if (tried.has(a.agentId)) return 'tried';
  if (step?.anyQueue !== true && queueId !== null && a.queueIds.length > 0 && !a.queueIds.includes(queueId)) return 'queue';
  if (min > 0 && policy.skills.length > 0) {
    const own = parsedLabels(a.skills);
    if (policy.skills.some((s) => (own.get(s.toLowerCase()) ?? 0) < min)) return 'skill';
  }
  if (min > 0 && policy.language !== null && (parsedLabels(a.languages).get(policy.language.toLowerCase()) ?? 0) < min) return 'language';
  return null;
}

type Order = (a: AgentCandidate, b: AgentCandidate) => number;
const byId: Order = (a, b) => a.agentId - b.agentId;
/** Each strategy's order (module-level: no comparator is made per decision). */
const ORDERS: Record<Strategy, Order> = {
  'fewest-calls': (a, b) => a.callsToday - b.callsToday || a.idleSince - b.idleSince || byId(a, b),
  'round-robin': (a, b) => a.lastOfferedAt - b.lastOfferedAt || byId(a, b),
  'longest-idle': (a, b) => a.idleSince - b.idleSince || byId(a, b),
  'ring-all': (a, b) => a.idleSince - b.idleSince || byId(a, b),
};

/**
 * Orders eligible agents by the queue's strategy; ties go to the lower agent id so the order is
 * deterministic. Ring-all keeps the longest-idle order (all of them ring; the order only says who
 * is listed first).
 */
export function rank(strategy: Strategy, agents: readonly AgentCandidate[]): AgentCandidate[] {
  return [...agents].sort(ORDERS[strategy]);
}

/**
 * The first `k` of `rank(strategy, …)` among the agents offered to it one by one, kept in order as they come:
 * a decision needs the best one or few of ~500 free agents, and ordering all of them (copies, a sort's work
 * array, the list of ids) was most of what a decision allocated. The order is total (ties by agent id), so
 * the result is exactly the ranking's first `k`.
 */
export function createTopRanked(strategy: Strategy, k: number): { offer(a: AgentCandidate): void; readonly best: AgentCandidate[] } {
  const order = ORDERS[strategy];
  const best: AgentCandidate[] = [];
  return {
    best,
    offer(a: AgentCandidate): void {
      if (k <= 0) return;
      if (best.length >= k && order(a, best[best.length - 1] as AgentCandidate) >= 0) return;
      let i = best.length;
      while (i > 0 && order(a, best[i - 1] as AgentCandidate) < 0) i--;
      best.splice(i, 0, a);
      if (best.length > k) best.pop();
    },
  };
}
