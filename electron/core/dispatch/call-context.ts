import type { Agent } from '../../../shared/contract/schemas/agent';

/** Per-connection identity: one IPC window, one WebSocket, one in-memory client. Mutated by sign-in and sign-out. */
export interface Session {
  agent: Agent | null;
  /** A wallboard screen signed in with a read-only token. */
  wallboard: { tokenId: number; label: string } | null;
  /** This connection receives board.delta events. */
  boardSubscribed: boolean;
}

export interface CallContext {
  session: Session;
}

export function newCallContext(): CallContext {
  return { session: { agent: null, wallboard: null, boardSubscribed: false } };
}
