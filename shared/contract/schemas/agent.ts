import { z } from 'zod';
import { cleanedText, entityId, epochMs } from './common';

/**
 * Agent presence. Agents choose available / break / offline; the telephony states
 * (ringing, on-call, wrap-up) are set by the core as calls progress.
 */
export const agentState = z.enum(['available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline']);
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

export const signInInput = z.object({
  name: cleanedText(1, 80),
  extension: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_.-]{1,32}$/, 'an extension is 1–32 letters, digits, dot, dash or underscore'),
  password: z.string().min(1).max(200).optional(),
});

export const signInOutput = z.object({ agent, status: agentStatus });

export const setStateInput = z.object({
  state: z.enum(['available', 'break', 'offline']),
  reason: cleanedText(1, 40).optional(),
});
