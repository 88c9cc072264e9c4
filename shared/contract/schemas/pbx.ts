import { z } from 'zod';
import { entityId, epochMs } from './common';
import { CALL_END_REPORTS, OFFER_OUTCOMES } from '../../domain/routing/route-protocol';

/**
 * The PBX machine principal's side of the contract (ADR 0029): the PBX adapter signs in with its own
 * credential and may then ask for routes and report what it saw, and nothing else.
 */

const outcome = z.enum(OFFER_OUTCOMES as unknown as ['no-answer', 'declined', 'busy', 'failed']);
const decisionId = z.string().min(1).max(64);

/**
 * A route request as the PBX sends it. Caller fields are raw and attacker controlled: bounded here
 * (a SIP header may be kilobytes), cleaned and validated by the engine.
 */
export const routeRequest = z
  .object({
    callId: z.string().min(1).max(256),
    caller: z.object({ number: z.string().max(256).nullable(), displayName: z.string().max(4096).nullable() }).strict(),
    queue: z.string().max(256).nullable(),
    previous: z.object({ decisionId, outcome }).strict().optional(),
  })
  .strict();

export const routeDecision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), decisionId, agentId: z.string(), target: z.string(), ringTimeoutMs: z.number().int().positive() }),
  z.object({ kind: z.literal('wait'), decisionId, position: z.number().int().positive(), estimatedWaitSec: z.number().nonnegative().nullable() }),
  z.object({
    kind: z.literal('release'),
    decisionId,
    target: z.string().nullable(),
    reason: z.enum(['max-wait', 'no-agents', 'closed']),
    callbackTaskId: z.string().nullable(),
  }),
  z.object({ kind: z.literal('reject'), decisionId, status: z.number().int().min(400).max(699), reason: z.string() }),
]);

export const routeReport = z
  .object({
    callId: z.string().min(1).max(256),
    decisionId: decisionId.nullable(),
    what: z.union([z.enum(CALL_END_REPORTS as unknown as ['answered', 'caller-gone', 'static-route']), outcome]),
  })
  .strict();

/** Pushed to PBX principals: a later decision for a waiting call (an agent became free, max wait reached). */
export const routeDecided = z.object({ callId: z.string(), decision: routeDecision });

export const pbxSignInInput = z.object({ token: z.string().min(16).max(128) }).strict();

export const pbxCredentialInfo = z.object({
  id: entityId,
  label: z.string(),
  createdAt: epochMs,
  lastUsedAt: epochMs.nullable(),
  revokedAt: epochMs.nullable(),
});
