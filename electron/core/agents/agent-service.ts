import { ContractFailure } from '../../../shared/contract/errors';
import type { Agent, AgentState, AgentStatus } from '../../../shared/contract/schemas/agent';
import { presenceChangeProblem } from '../../../shared/domain/agent-presence';
import type { RestingState } from '../../../shared/domain/agent-activity';
import type { AcwSettings } from '../../../shared/contract/schemas/settings';
import { endOpenAcwIn } from '../calls/acw-end';
import type { EventLog } from '../log/event-log';
import type { DeskWriter } from './desk-writer';
import type { Presence } from './presence';

/** Reason recorded when an agent signs in: not ready until they choose Available (the usual ACD behaviour). */
export const SIGN_IN_REASON = 'Not ready';
/** Reason recorded when a desk's connection has been lost past the grace period. */
export const CONNECTION_LOST_REASON = 'Connection lost';

export interface AgentServiceDeps {
  log: EventLog;
  desks: DeskWriter;
  presence: Presence;
  breakReasons: () => readonly string[];
  acw: () => AcwSettings;
  now: () => number;
}

/** Sign-in, sign-out and the states agents (and supervisors for them) choose. */
export function createAgentService({ log, desks, presence, breakReasons, acw, now }: AgentServiceDeps) {
  /**
   * Presence at sign-in of an agent whose credentials were checked (auth/credentials). A desk that
   * resumes its session (not signed out) carries on where it was, mid-call included; otherwise the
   * desk starts clean and the agent is not ready until they choose Available.
   */
  async function signIn(agent: Agent): Promise<{ agent: Agent; status: AgentStatus; resumed: boolean }> {
    const { value: resumed, status } = await desks.change(agent.id, async (tx, desk) => {
      if (desk.status.state !== 'offline') return true;
      desk.resting = { state: 'break', reason: SIGN_IN_REASON };
      desk.next = null;
      desk.consecutiveMisses = 0;
      desk.sessionFrom = now();
      await desks.recordPresence(tx, desk, 'break', SIGN_IN_REASON);
      return false;
    });
    return { agent, status, resumed };
  }

  /** A state the agent picks. In wrap-up it first ends after-call work (not allowed in mandatory mode). */
  async function setState(agentId: number, state: AgentState, reason: string | undefined): Promise<AgentStatus> {
    const { status } = await desks.change(agentId, async (tx, desk, legs) => {
      if (desk.status.state === 'wrap-up') {
        if (acw().mode === 'mandatory') throw new ContractFailure('CONFLICT', 'submit the wrap-up first');
        await endOpenAcwIn(log, tx, agentId, now(), 'agent-ready');
        // Another call still on the desk (ringing): presence follows it; the choice is not taken.
        if ((await legs()).size > 0) return;
      }
      const problem = presenceChangeProblem(desk.status.state === 'wrap-up' ? desk.resting.state : desk.status.state, state, reason, breakReasons());
      if (problem !== null) throw new ContractFailure(problem.kind === 'invalid' ? 'INVALID_INPUT' : 'CONFLICT', problem.message);
      desk.resting = { state: state as RestingState['state'], reason: state === 'break' ? (reason ?? null) : null };
      desk.next = null;
      desk.consecutiveMisses = 0;
    });
    return status;
  }

  /** The state to go to once the current calls and wrap-ups are done. */
  async function setNext(agentId: number, next: RestingState): Promise<AgentStatus> {
    const { status } = await desks.change(agentId, async (tx, desk, legs) => {
      if ((await legs()).size === 0) desk.resting = next;
      else desk.next = next;
      await log.append(tx, { type: 'desk.nextChosen', agentId, data: next }, now());
    });
    return status;
  }

  /** A supervisor sets an agent's state; on a call it waits for the end of the call and its wrap-up. */
  async function setBySupervisor(agentId: number, state: RestingState['state'], reason: string, by: string): Promise<AgentStatus> {
    if (presence.liveStatus(agentId) === undefined) throw new ContractFailure('NOT_FOUND', `agent ${agentId} is not signed in`);
    const chosen: RestingState = { state, reason: state === 'available' ? null : `${reason} (by ${by})` };
    const { status } = await desks.change(agentId, async (tx, desk, legs) => {
      if (desk.status.state === 'offline') throw new ContractFailure('NOT_FOUND', `agent ${agentId} is not signed in`);
      if (desk.resting.state === 'disconnected' && state !== 'offline') {
        throw new ContractFailure('CONFLICT', `agent ${agentId} is disconnected: only Offline applies until their desk is back`);
      }
      if ((await legs()).size > 0) {
        desk.next = { state, reason: `${reason} (by ${by})` };
      } else {
        desk.resting = chosen;
        desk.next = null;
        desk.consecutiveMisses = 0;
      }
      await log.append(tx, { type: 'desk.nextChosen', agentId, data: desk.next ?? chosen }, now());
    });
    return status;
  }

  /**
   * `acwEndedAt`: when the open wrap-ups' after-call work ended, if not now — a desk that was lost
   * and never came back did none after its connection went (ADR 0057).
   */
  async function signOut(agentId: number, acwEndedAt?: number): Promise<AgentStatus> {
    const { status } = await desks.change(agentId, async (tx, desk) => {
      await endOpenAcwIn(log, tx, agentId, acwEndedAt ?? now(), 'agent-ready');
      desk.resting = { state: 'offline', reason: null };
      desk.next = null;
      desk.consecutiveMisses = 0;
      // Whatever is left on the desk belongs to the session that ends here.
      desk.sessionFrom = now() + 1;
    });
    return status;
  }

  /** The desk's connection is gone past the grace period: Disconnected (not ready, out of routing) whatever its calls. */
  async function disconnect(agentId: number, lostAt?: number): Promise<AgentStatus> {
    const { status } = await desks.change(
      agentId,
      async (_tx, desk) => {
        if (desk.status.state === 'offline') return;
        desk.resting = { state: 'disconnected', reason: CONNECTION_LOST_REASON };
        desk.next = null;
      },
      // Not staffed from the moment the connection was lost (never before the desk's last change).
      lostAt,
    );
    return status;
  }

  /** The desk is back: wrap-up for a call it dropped, else Not ready. */
  async function reconnect(agentId: number): Promise<AgentStatus> {
    const { status } = await desks.change(agentId, async (_tx, desk) => {
      if (desk.resting.state === 'disconnected') desk.resting = { state: 'break', reason: SIGN_IN_REASON };
    });
    return status;
  }

  return { signIn, setState, setNext, setBySupervisor, signOut, disconnect, reconnect };
}

export type AgentService = ReturnType<typeof createAgentService>;
