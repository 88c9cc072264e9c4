import type { SessionSettings } from '../../../shared/contract/schemas/settings';
import type { CallRecorder } from '../calls/call-recorder';
import type { AgentService } from './agent-service';
import type { Presence } from './presence';

export interface ConnectionPresenceDeps {
  agents: Pick<AgentService, 'disconnect' | 'reconnect' | 'signOut'>;
  presence: Pick<Presence, 'liveStatus' | 'allStatuses'>;
  recorder: Pick<CallRecorder, 'endLostLegs'>;
  settings: () => SessionSettings;
  /** Whether the agent has a connection open right now (checked again when a timer fires). */
  connected: (agentId: number) => boolean;
  /** Team mode: whether another instance holds a connection for the agent (asked too when a timer fires; ADR 0069). */
  connectedElsewhere?: (agentId: number) => Promise<boolean>;
  onError: (error: unknown) => void;
  now: () => number;
}

/**
 * Presence follows the connection (ADR 0025). When an agent's last connection goes, a grace
 * period starts (a reload or a network blip resumes within it, unnoticed). Past it the desk's calls
 * are ended as `agent-disconnected` and the agent shows Disconnected: out of routing, not ready.
 * Still gone after `offlineAfterDisconnectS` (a closed tab): Offline. Back before that: the desk
 * settles to wrap-up for a dropped call, or Not ready.
 */
export function createConnectionPresence({ agents, presence, recorder, settings, connected, connectedElsewhere, onError, now }: ConnectionPresenceDeps) {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** When each agent's last connection went (ADR 0057): what the lost desk's calls and states are dated. */
  const lostSince = new Map<number, number>();

  function cancel(agentId: number): void {
    const t = timers.get(agentId);
    if (t !== undefined) clearTimeout(t);
    timers.delete(agentId);
    lostSince.delete(agentId);
  }

  /** Agents whose timer has fired and whose task is still running. */
  const busy = new Set<number>();

  function later(agentId: number, ms: number, task: () => Promise<unknown>): void {
    const t = timers.get(agentId);
    if (t !== undefined) clearTimeout(t);
    const timer = setTimeout(() => {
      timers.delete(agentId);
      if (connected(agentId)) return;
      busy.add(agentId);
      // Back here meanwhile (a new clock, or none), or on another instance: nothing to do.
      const elsewhere = connectedElsewhere === undefined ? Promise.resolve(false) : connectedElsewhere(agentId);
      elsewhere
        .then((yes) => (yes || connected(agentId) || timers.has(agentId) ? undefined : task()))
        .catch(onError)
        .finally(() => busy.delete(agentId));
    }, Math.max(0, ms));
    timer.unref?.();
    timers.set(agentId, timer);
  }

  /**
   * Past the grace the desk is dead since `lostAt`: its calls end then (a dead call is not talk
   * time), and it is Disconnected from then. If it never comes back, its wrap-ups are closed at
   * `lostAt` too: no after-call work was done without a desk.
   */
  async function lostPastGrace(agentId: number, lostAt: number): Promise<void> {
    const state = presence.liveStatus(agentId)?.state;
    if (state === undefined || state === 'offline' || state === 'disconnected') return;
    await recorder.endLostLegs(agentId, [], lostAt);
    await agents.disconnect(agentId, lostAt);
    later(agentId, settings().offlineAfterDisconnectS * 1000, async () => {
      lostSince.delete(agentId);
      await agents.signOut(agentId, lostAt);
    });
  }

  return {
    /** The agent's last connection closed (now, or at `at`). */
    lost(agentId: number, at: number = now()): void {
      const state = presence.liveStatus(agentId)?.state;
      if (state === undefined || state === 'offline') return;
      if (!lostSince.has(agentId)) lostSince.set(agentId, at);
      const lostAt = lostSince.get(agentId) as number;
      later(agentId, settings().disconnectGraceS * 1000, () => lostPastGrace(agentId, lostAt));
    },
    /**
     * A connection for the agent is back (before its session is bound): stop the clocks, leave
     * Disconnected. Returns when the previous connection was lost, if this instance saw it go.
     */
    async back(agentId: number): Promise<number | null> {
      const lostAt = lostSince.get(agentId) ?? null;
      cancel(agentId);
      await agents.reconnect(agentId);
      return lostAt;
    },
    /**
     * The server has just started and is the only one (SQLite): no desk is connected yet, so every
     * agent the log still shows signed in lost their connection when the old process died. Each
     * gets the grace from `at` to reconnect; a desk that never does goes Disconnected, then Offline,
     * instead of staying Available (routed to, counted as staffed) for ever.
     */
    adoptAfterRestart(at: number = now()): void {
      for (const { agentId, state } of presence.allStatuses()) if (state !== 'offline') this.adopt(agentId, at);
    },
    /**
     * The desk's connection was lost at `lostAt` where nobody ran its grace: this server restarted, or
     * (team mode, ADR 0069) the instance that held it died. The grace runs here, counted from
     * `lostAt`; a desk already Disconnected goes Offline after the usual time.
     */
    adopt(agentId: number, lostAt: number): void {
      const state = presence.liveStatus(agentId)?.state;
      if (state === undefined || state === 'offline') return;
      if (state === 'disconnected') {
        later(agentId, settings().offlineAfterDisconnectS * 1000, () => agents.signOut(agentId, lostAt));
        return;
      }
      if (!lostSince.has(agentId)) lostSince.set(agentId, lostAt);
      const since = lostSince.get(agentId) as number;
      later(agentId, since + settings().disconnectGraceS * 1000 - now(), () => lostPastGrace(agentId, since));
    },
    /** Signed out or taken over: nothing to wait for. */
    cancel,
    /** Whether this server is still running the agent's grace (or its wait for Offline). */
    graceRunning: (agentId: number): boolean => timers.has(agentId) || busy.has(agentId),
    stop(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}

export type ConnectionPresence = ReturnType<typeof createConnectionPresence>;
