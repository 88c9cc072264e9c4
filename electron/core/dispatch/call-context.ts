import type { Agent } from '../../../shared/contract/schemas/agent';

/** Per-connection identity: one IPC window, one WebSocket, one in-memory client. Mutated by sign-in and sign-out. */
export interface Session {
  agent: Agent | null;
}

export interface CallContext {
  session: Session;
}

export function newCallContext(): CallContext {
  return { session: { agent: null } };
}
