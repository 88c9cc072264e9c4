import type { SessionSettings } from '../../../shared/contract/schemas/settings';
import type { CallRecorder } from '../calls/call-recorder';
import type { AgentService } from './agent-service';
import type { Presence } from './presence';

export interface ConnectionPresenceDeps {
  agents: Pick<AgentService, 'disconnect' | 'reconnect' | 'signOut'>;
  presence: Pick<Presence, 'liveStatus'>;
  recorder: Pick<CallRecorder, 'endLostLegs'>;
  settings: () => SessionSettings;
  /** Whether the agent has a connection open right now (checked again when a timer fires). */
  connected: (agentId: number) => boolean;
  onError: (error: unknown) => void;
}

/**
 * Presence follows the connection (ADR 0025). When an agent's last connection goes, a grace
 * period starts (a reload or a network blip resumes within it, unnoticed). Past it the desk's calls
 * are ended as `agent-disconnected` and the agent shows Disconnected: out of routing, not ready.
 * Still gone after `offlineAfterDisconnectS` (a closed tab): Offline. Back before that: the desk
 * settles to wrap-up for a dropped call, or Not ready.
 */
export function createConnectionPresence({ agents, presence, recorder, settings, connected, onError }: ConnectionPresenceDeps) {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function cancel(agentId: number): void {
    const t = timers.get(agentId);
    if (t !== undefined) clearTimeout(t);
    timers.delete(agentId);
  }

  function later(agentId: number, ms: number, task: () => Promise<unknown>): void {
    cancel(agentId);
    const timer = setTimeout(() => {
      timers.delete(agentId);
      if (connected(agentId)) return;
      task().catch(onError);
    }, ms);
    timer.unref?.();
    timers.set(agentId, timer);
  }

  async function lostPastGrace(agentId: number): Promise<void> {
    const state = presence.liveStatus(agentId)?.state;
    if (state === undefined || state === 'offline' || state === 'disconnected') return;
    await recorder.endLostLegs(agentId);
    await agents.disconnect(agentId);
    later(agentId, settings().offlineAfterDisconnectS * 1000, () => agents.signOut(agentId));
  }

  return {
    /** The agent's last connection closed. */
    lost(agentId: number): void {
      const state = presence.liveStatus(agentId)?.state;
      if (state === undefined || state === 'offline') return;
      later(agentId, settings().disconnectGraceS * 1000, () => lostPastGrace(agentId));
    },
    /** A connection for the agent is back (before its session is bound): stop the clocks, leave Disconnected. */
    async back(agentId: number): Promise<void> {
      cancel(agentId);
      await agents.reconnect(agentId);
    },
    /** Signed out or taken over: nothing to wait for. */
    cancel,
    stop(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

export type ConnectionPresence = ReturnType<typeof createConnectionPresence>;
