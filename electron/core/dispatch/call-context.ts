import type { Agent } from '../../../shared/contract/schemas/agent';

/** Per-connection identity: one IPC window, one WebSocket, one in-memory client. Mutated by sign-in and sign-out. */
export interface Session {
  agent: Agent | null;
  /** The server-issued session this connection acts for (agent.signIn / agent.resume); null for none. */
  sessionId: number | null;
  /** A wallboard screen signed in with a read-only token. */
  wallboard: { tokenId: number; label: string } | null;
  /** The PBX machine principal (ADR 0029), signed in with a PBX credential. */
  pbx: { credentialId: number; label: string } | null;
  /** This connection receives board.delta events. */
  boardSubscribed: boolean;
}

export interface CallContext {
  session: Session;
  /** The peer's network address (WebSocket host); absent in-process (Electron IPC, tests). Recorded in the audit log. */
  address?: string | null;
  /**
   * When the peer was last heard from (a frame, a pong; the close time for a clean close), by the
   * WebSocket host; absent in-process. A connection that died silently was lost then (ADR 0057).
   */
  heardAt?: number;
}

export function newCallContext(address: string | null = null): CallContext {
  return { session: { agent: null, sessionId: null, wallboard: null, pbx: null, boardSubscribed: false }, address };
}
