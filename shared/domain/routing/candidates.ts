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

function exclusionOf(policy: QueuePolicy, queueId: number | null, step: BullseyeStep | undefined, min: number, a: AgentCandidate, tried: ReadonlySet<number>): Exclusion | null {
  if (tried.has(a.agentId)) return 'tried';
  if (step?.anyQueue !== true && queueId !== null && a.queueIds.length > 0 && !a.queueIds.includes(queueId)) return 'queue';
  if (min > 0 && policy.skills.length > 0) {
    const own = parsedLabels(a.skills);
    if (policy.skills.some((s) => (own.get(s.toLowerCase()) ?? 0) < min)) return 'skill';
  }
  if (min > 0 && policy.language !== null && (parsedLabels(a.languages).get(policy.language.toLowerCase()) ?? 0) < min) return 'language';
  return null;
}

/**
 * Orders eligible agents by the queue's strategy; ties go to the lower agent id so the order is
 * deterministic. Ring-all keeps the longest-idle order (all of them ring; the order only says who
 * is listed first).
 */
export function rank(strategy: Strategy, agents: readonly AgentCandidate[]): AgentCandidate[] {
  const byId = (a: AgentCandidate, b: AgentCandidate) => a.agentId - b.agentId;
  const sorted = [...agents];
  switch (strategy) {
    case 'fewest-calls':
      return sorted.sort((a, b) => a.callsToday - b.callsToday || a.idleSince - b.idleSince || byId(a, b));
    case 'round-robin':
      return sorted.sort((a, b) => a.lastOfferedAt - b.lastOfferedAt || byId(a, b));
    case 'longest-idle':
    case 'ring-all':
      return sorted.sort((a, b) => a.idleSince - b.idleSince || byId(a, b));
  }
}
