import { z } from 'zod';
import { cleanedText, entityId, epochMs } from './common';
import { EXTENSION_PATTERN, EXTENSION_RULE } from '../../domain/extension';

/**
 * Agent presence. Agents choose available / break / offline; the telephony states
 * (ringing, on-call, wrap-up) are set by the core as calls progress; `disconnected` when the
 * desk's connection has been lost for longer than the grace period (not ready, out of routing).
 */
export const agentState = z.enum(['available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', 'disconnected']);
export type AgentState = z.infer<typeof agentState>;

export const agentRole = z.enum(['agent', 'supervisor']);

export const agent = z.object({
  id: entityId,
  name: z.string(),
  extension: z.string(),
  role: agentRole,
});
export type Agent = z.infer<typeof agent>;

export const agentStatus = z.object({
  agentId: entityId,
  state: agentState,
  reason: z.string().nullable(),
  since: epochMs,
});
export type AgentStatus = z.infer<typeof agentStatus>;

/** An account's extension (shared/domain/extension: the one rule). */
export const extension = z.string().trim().regex(EXTENSION_PATTERN, EXTENSION_RULE);

export const signInInput = z.object({
  extension,
  /** Issued by a supervisor. Only the loopback demo quick start lets an agent without one in. */
  password: z.string().min(1).max(200).optional(),
  /** Demo quick start only: the name of a new demo agent. Ignored otherwise (names are set by supervisors). */
  name: cleanedText(1, 80).optional(),
  /** The extension is live on another desk: sign in here anyway, ending that desk's session. */
  takeOver: z.boolean().optional(),
});

/** What a desk keeps to resume after a reload or a reconnect: never the password. */
export const sessionGrant = z.object({
  token: z.string(),
  /** The session ends after this long without a connection or a request. */
  idleExpiryMs: z.number().int().positive(),
});

export const signInOutput = z.object({
  agent,
  status: agentStatus,
  session: sessionGrant,
  /** Signed in without a password: the loopback demo quick start (the UI says so). */
  demo: z.boolean(),
});

export const resumeInput = z.object({
  token: z.string().min(16).max(128),
  /**
   * The calls this desk still has (its softphone survived, only the socket dropped). A page that
   * loaded anew sends []: its calls died with the old page and are ended as agent-disconnected.
   * Absent: leave the calls as they are.
   */
  liveCallKeys: z.array(z.string().max(128)).max(16).optional(),
});

/** Why the server ended this connection's session (pushed as `session.ended`). */
export const sessionEndReason = z.enum(['signed-out', 'signed-out-everywhere', 'taken-over', 'revoked', 'role-changed', 'deactivated', 'expired']);
export type SessionEndReason = z.infer<typeof sessionEndReason>;
export const sessionEnded = z.object({ reason: sessionEndReason, message: z.string() });

export const setStateInput = z.object({
  state: z.enum(['available', 'break', 'offline']),
  reason: cleanedText(1, 40).optional(),
});
