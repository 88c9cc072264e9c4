import type { EventPayload } from '../../../shared/contract/events';
import type { CallContext } from '../dispatch/call-context';

type SessionEnded = EventPayload<'session.ended'>;

export interface LiveSessionsDeps {
  /** Push `session.ended` to one connection (through its host's event channel), before its session is cleared. */
  notify(ctx: CallContext, payload: SessionEnded): void;
  /** The agent's last connection went away (start the grace period; it was last heard from at `lastHeardAt` when known), or one came back. */
  onLastConnectionLost(agentId: number, lastHeardAt?: number): void;
  onConnectionBack(agentId: number): void;
  /**
   * Another connection for an agent that has one (a desk that reconnected before its old socket was
   * seen to close): the others were last heard from at `othersLastHeardAt` (undefined: in-process).
   */
  onAnotherConnection?(agentId: number, othersLastHeardAt: number | undefined): void;
}

/**
 * Which connections act for which agent session right now, so a revocation, a take-over or a
 * demotion reaches open connections at once (ADR 0024), and presence can follow the connection.
 */
export function createLiveSessions({ notify, onLastConnectionLost, onConnectionBack, onAnotherConnection }: LiveSessionsDeps) {
  const byAgent = new Map<number, Set<CallContext>>();
  const byWallboard = new Map<number, Set<CallContext>>();

  function detach(ctx: CallContext): void {
    const agentId = ctx.session.agent?.id;
    if (agentId === undefined) return;
    const set = byAgent.get(agentId);
    if (set === undefined || !set.delete(ctx)) return;
    if (set.size === 0) {
      byAgent.delete(agentId);
      onLastConnectionLost(agentId, ctx.heardAt);
    }
  }

  function clear(ctx: CallContext): void {
    ctx.session.agent = null;
    ctx.session.sessionId = null;
    ctx.session.boardSubscribed = false;
  }

  return {
    /** This connection now acts for the agent's session. */
    attach(ctx: CallContext): void {
      const agentId = ctx.session.agent?.id;
      if (agentId === undefined) return;
      let set = byAgent.get(agentId);
      const first = set === undefined;
      if (set === undefined) {
        set = new Set();
        byAgent.set(agentId, set);
      }
      if (!first && !set.has(ctx)) {
        const heard = [...set].map((c) => c.heardAt);
        onAnotherConnection?.(agentId, heard.includes(undefined) ? undefined : Math.max(...(heard as number[])));
      }
      set.add(ctx);
      if (first) onConnectionBack(agentId);
    },
    /** A wallboard screen signed in on this connection. */
    attachWallboard(ctx: CallContext): void {
      const tokenId = ctx.session.wallboard?.tokenId;
      if (tokenId === undefined) return;
      const set = byWallboard.get(tokenId) ?? new Set();
      set.add(ctx);
      byWallboard.set(tokenId, set);
    },
    /** The token was revoked: its screens are told and stop receiving at once. */
    endWallboard(tokenId: number, payload: SessionEnded): number {
      const set = byWallboard.get(tokenId);
      byWallboard.delete(tokenId);
      for (const ctx of set ?? []) {
        notify(ctx, payload);
        ctx.session.wallboard = null;
        ctx.session.boardSubscribed = false;
      }
      return set?.size ?? 0;
    },
    /** The connection closed (socket gone, window destroyed). */
    closed(ctx: CallContext): void {
      const tokenId = ctx.session.wallboard?.tokenId;
      if (tokenId !== undefined) byWallboard.get(tokenId)?.delete(ctx);
      detach(ctx);
    },
    /** The connection signed out by itself: no grace, nothing to notify. */
    signedOut(ctx: CallContext): void {
      const agentId = ctx.session.agent?.id;
      if (agentId !== undefined) byAgent.get(agentId)?.delete(ctx);
      if (agentId !== undefined && byAgent.get(agentId)?.size === 0) byAgent.delete(agentId);
      clear(ctx);
    },
    connectionCount: (agentId: number): number => byAgent.get(agentId)?.size ?? 0,
    /** The agents with a connection open here. */
    agentIds: (): number[] => [...byAgent.keys()],
    /** The connections acting for this agent right now. */
    contexts: (agentId: number): CallContext[] => [...(byAgent.get(agentId) ?? [])],
    /** Sessions with a connection open for this agent, other than `except`. */
    otherSessions(agentId: number, except: number | null): number[] {
      return [...(byAgent.get(agentId) ?? [])].map((c) => c.session.sessionId).filter((id): id is number => id !== null && id !== except);
    },
    /**
     * End sessions on their open connections now: each is told why, then acts as nobody.
     * `which`: every connection of the agent, or those of the given session ids.
     */
    end(agentId: number, payload: SessionEnded, which?: { sessionIds?: readonly number[]; exceptSessionId?: number | null }): number {
      const set = byAgent.get(agentId);
      if (set === undefined) return 0;
      let ended = 0;
      for (const ctx of [...set]) {
        const id = ctx.session.sessionId;
        if (which?.sessionIds !== undefined && (id === null || !which.sessionIds.includes(id))) continue;
        if (which?.exceptSessionId !== undefined && id === which.exceptSessionId) continue;
        notify(ctx, payload);
        set.delete(ctx);
        clear(ctx);
        ended++;
      }
      if (set.size === 0) byAgent.delete(agentId);
      return ended;
    },
  };
}

export type LiveSessions = ReturnType<typeof createLiveSessions>;
