import { z } from 'zod';
import { agentRole, extension } from './agent';
import { entityId, epochMs } from './common';

const label = z.string().trim().min(1).max(40);

/** An agent or supervisor as a supervisor manages them (never their password or its hash). */
export const agentAccount = z.object({
  id: entityId,
  name: z.string(),
  extension: z.string(),
  role: agentRole,
  active: z.boolean(),
  teamId: entityId.nullable(),
  queueIds: z.array(entityId),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  /** Supervisors who also take calls are listed with the agents. */
  takesCalls: z.boolean(),
  /** Signs in without a password (demo quick start) or still has the generated demo password. */
  demoCredential: z.boolean(),
});
export type AgentAccount = z.infer<typeof agentAccount>;

export const agentDirectory = z.object({
  agents: z.array(agentAccount),
  teams: z.array(z.object({ id: entityId, name: z.string() })),
  queues: z.array(z.object({ id: entityId, name: z.string() })),
});

export const agentProfile = z.object({
  name: z.string().trim().min(1).max(80),
  role: agentRole,
  teamId: entityId.nullable(),
  queueIds: z.array(entityId).max(100),
  skills: z.array(label).max(50),
  languages: z.array(label).max(20),
  takesCalls: z.boolean(),
});

export const createAgentInput = agentProfile.partial({ role: true, teamId: true, queueIds: true, skills: true, languages: true, takesCalls: true }).extend({
  extension,
});

export const updateAgentInput = agentProfile.partial().extend({ agentId: entityId, active: z.boolean().optional() });

/** A new or reset password, shown once to the supervisor who hands it over. */
export const issuedPassword = z.object({ account: agentAccount, password: z.string() });

export const wallboardTokenInfo = z.object({
  id: entityId,
  label: z.string(),
  createdAt: epochMs,
  expiresAt: epochMs.nullable(),
  lastUsedAt: epochMs.nullable(),
  revokedAt: epochMs.nullable(),
});
