import type { AgentState } from '../contract/schemas/agent';

/** States an agent may pick themselves; the others follow the calls. */
export const SELF_SERVICE_STATES: readonly AgentState[] = ['available', 'break', 'offline'];

export interface PresenceProblem {
  /** 'invalid': the request itself is wrong; 'conflict': not allowed in the current state. */
  kind: 'invalid' | 'conflict';
  message: string;
}

/** Why a requested presence change is refused, or null when it is allowed. */
export function presenceChangeProblem(
  current: AgentState,
  next: AgentState,
  reason: string | undefined,
  breakReasons: readonly string[],
): PresenceProblem | null {
  if (!SELF_SERVICE_STATES.includes(next)) return { kind: 'invalid', message: `${next} is set by calls, not by the agent` };
  if (current === 'ringing' || current === 'on-call') {
    return { kind: 'conflict', message: `cannot change presence while ${current}` };
  }
  return next === 'break' ? breakReasonProblem(reason, breakReasons) : null;
}

/** A break always carries one of the centre's configured reason codes. */
export function breakReasonProblem(reason: string | undefined | null, breakReasons: readonly string[]): PresenceProblem | null {
  if (reason == null) return { kind: 'invalid', message: 'a break needs a reason code' };
  if (!breakReasons.includes(reason)) return { kind: 'invalid', message: `unknown break reason "${reason}"` };
  return null;
}
