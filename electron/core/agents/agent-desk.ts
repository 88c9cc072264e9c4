import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import { presenceFor, restingAfterMiss, type LegActivity, type RestingState } from '../../../shared/domain/agent-activity';
import type { AgentService } from './agent-service';

interface Desk {
  resting: RestingState;
  /** Chosen during a call; applies when the calls (and their wrap-ups) are done. */
  next: RestingState | null;
  consecutiveMisses: number;
  legs: Map<number, LegActivity>;
}

export interface AgentDeskDeps {
  agents: AgentService;
  missesBeforeUnavailable: () => number;
}

/**
 * Each signed-in agent's calls in progress, and the state they return to. Presence is derived
 * from it after every call event, so call waiting, misses and "next state" all follow one rule.
 */
export function createAgentDesks({ agents, missesBeforeUnavailable }: AgentDeskDeps) {
  const desks = new Map<number, Desk>();

  function restingFrom(status: AgentStatus | undefined): RestingState {
    const state = status?.state;
    if (state === 'available' || state === 'break' || state === 'offline') return { state, reason: status?.reason ?? null };
    return { state: 'available', reason: null };
  }

  function desk(agentId: number): Desk {
    let d = desks.get(agentId);
    if (d === undefined) {
      d = { resting: restingFrom(agents.liveStatus(agentId)), next: null, consecutiveMisses: 0, legs: new Map() };
      desks.set(agentId, d);
    }
    return d;
  }

  function setActivity(agentId: number, callId: number, activity: LegActivity | null): void {
    const d = desk(agentId);
    // The first call of a spell: remember where the agent was.
    if (d.legs.size === 0 && activity !== null) d.resting = restingFrom(agents.liveStatus(agentId));
    if (activity === null) d.legs.delete(callId);
    else d.legs.set(callId, activity);
    if (d.legs.size === 0 && d.next !== null) {
      d.resting = d.next;
      d.next = null;
    }
  }

  return {
    setActivity,
    activityOf: (agentId: number, callId: number): LegActivity | undefined => desks.get(agentId)?.legs.get(callId),
    noteAnswered(agentId: number): void {
      desk(agentId).consecutiveMisses = 0;
    },
    noteMissed(agentId: number): void {
      const d = desk(agentId);
      d.consecutiveMisses += 1;
      d.resting = restingAfterMiss(d.resting, d.consecutiveMisses, missesBeforeUnavailable());
    },
    /** Presence after a change: returns whether the agent has calls on the desk. */
    busy: (agentId: number): boolean => (desks.get(agentId)?.legs.size ?? 0) > 0,
    setNext(agentId: number, next: RestingState): void {
      const d = desk(agentId);
      if (d.legs.size === 0) d.resting = next;
      else d.next = next;
    },
    nextOf: (agentId: number): RestingState | null => desks.get(agentId)?.next ?? null,
    /** Sign-in, sign-out or a self-chosen state with no call: start clean from that status. */
    reset(agentId: number, status: AgentStatus): void {
      desks.set(agentId, { resting: restingFrom(status), next: null, consecutiveMisses: 0, legs: new Map() });
    },
    /** Record the presence the desk implies (no-op when unchanged), as of the call event that caused it. */
    settle(agentId: number, at?: number): Promise<AgentStatus> {
      const d = desk(agentId);
      const p = presenceFor(d.legs.values(), d.resting);
      return agents.follow(agentId, p.state, p.reason, at);
    },
  };
}

export type AgentDesks = ReturnType<typeof createAgentDesks>;
