import type { ValueTier } from '../../contract/schemas/crm';

/** How a queue orders the agents it may offer a call to (ADR 0026). */
export type Strategy = 'longest-idle' | 'fewest-calls' | 'round-robin' | 'ring-all';
export const STRATEGIES: readonly Strategy[] = ['longest-idle', 'fewest-calls', 'round-robin', 'ring-all'];

/** One ring of the bullseye: from `afterSec` of waiting, agents down to this proficiency qualify; `anyQueue` drops queue membership. */
export interface BullseyeStep {
  afterSec: number;
  minProficiency: number;
  anyQueue: boolean;
}

/** A queue's routing rules, as supervisors steer them; every decision reads the current one. */
export interface QueuePolicy {
  strategy: Strategy;
  /** Skills an agent needs for this queue (with a proficiency ≥ the step's minimum); empty = none. */
  skills: string[];
  /** The language callers of this queue speak; null = any agent. */
  language: string | null;
  /** Window in which the last agent who served a customer is their sticky agent; 0 turns sticky off. */
  stickyWindowHours: number;
  /** How long a caller waits for their busy sticky agent before anyone else may take them. */
  stickyTimeoutSec: number;
  /** VIP: customers at or above this value tier, or carrying this tag, are served first. */
  vipMinTier: ValueTier | null;
  vipTag: string | null;
  /** Past this wait the caller is released to `maxWaitTarget` (null: the call ends) and a callback task is made. */
  maxWaitSec: number;
  maxWaitTarget: string | null;
  /** How long an offer rings before it counts as a miss. */
  ringTimeoutSec: number;
  bullseye: BullseyeStep[];
}

export const DEFAULT_BULLSEYE: BullseyeStep[] = [
  { afterSec: 0, minProficiency: 3, anyQueue: false },
  { afterSec: 30, minProficiency: 1, anyQueue: false },
  { afterSec: 60, minProficiency: 0, anyQueue: true },
];

export const DEFAULT_QUEUE_POLICY: QueuePolicy = {
  strategy: 'longest-idle',
  skills: [],
  language: null,
  stickyWindowHours: 7 * 24,
  stickyTimeoutSec: 15,
  vipMinTier: 'platinum',
  vipTag: 'vip',
  maxWaitSec: 120,
  maxWaitTarget: null,
  ringTimeoutSec: 20,
  bullseye: DEFAULT_BULLSEYE,
};

/** Proficiency an agent has with a skill or language listed without one ("billing" = "billing:3"). */
export const DEFAULT_PROFICIENCY = 3;
export const MAX_PROFICIENCY = 5;

/**
 * Skills and languages are stored as labels, optionally with a proficiency 1–5: "billing:4",
 * "fr:2", "de". Labels compare case-insensitively.
 */
export function proficiencies(labels: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of labels) {
    const m = /^\s*(.+?)\s*(?::\s*([0-5]))?\s*$/.exec(raw);
    if (m?.[1] === undefined) continue;
    const level = m[2] === undefined ? DEFAULT_PROFICIENCY : Number(m[2]);
    out.set(m[1].toLowerCase(), Math.max(out.get(m[1].toLowerCase()) ?? 0, level));
  }
  return out;
}
