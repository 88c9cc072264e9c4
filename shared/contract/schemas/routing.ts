import { z } from 'zod';
import { entityId, epochMs } from './common';
import { lookupByPhoneOutput, valueTier } from './crm';

/** Pushed to the desk an agent was reserved for, before the PBX rings them: the pop is painted first (issue 13). */
export const routeOffered = z.object({
  agentId: entityId,
  /** The INVITE that follows carries it in `X-Frontline-Route`. */
  decisionId: z.string().max(64),
  sipCallId: z.string().max(256),
  queue: z.string().nullable(),
  caller: z.object({ e164: z.string().nullable(), displayName: z.string().nullable() }),
  queuedAt: epochMs,
  vip: z.boolean(),
  /** This agent served the customer last (sticky routing). */
  sticky: z.boolean(),
  /** The CRM match, as crm.lookupByPhone returns it; null for a withheld number. */
  lookup: lookupByPhoneOutput.nullable(),
  ringTimeoutMs: z.number().int().positive(),
});
export type RouteOffered = z.infer<typeof routeOffered>;

/** To the agent whose offer ended without (or after) its INVITE: the pushed pop is no longer on its way. */
export const routeOfferEnded = z.object({ agentId: entityId, decisionId: z.string().max(64) });

export const strategy = z.enum(['longest-idle', 'fewest-calls', 'round-robin', 'ring-all']);

const label = z.string().trim().min(1).max(40);

export const queuePolicy = z.object({
  strategy,
  skills: z.array(label).max(20),
  language: label.nullable(),
  stickyWindowHours: z.number().min(0).max(24 * 90),
  stickyTimeoutSec: z.number().int().min(0).max(600),
  vipMinTier: valueTier.nullable(),
  vipTag: label.nullable(),
  maxWaitSec: z.number().int().min(5).max(3600),
  maxWaitTarget: z.string().trim().max(256).nullable(),
  ringTimeoutSec: z.number().int().min(5).max(120),
  bullseye: z
    .array(z.object({ afterSec: z.number().int().min(0).max(3600), minProficiency: z.number().int().min(0).max(5), anyQueue: z.boolean() }))
    .min(1)
    .max(8),
});

/** A queue's routing policy; queueId null is the default queue (calls the PBX sends without one). */
export const queueRouting = z.object({ queueId: entityId.nullable(), queue: z.string().nullable(), policy: queuePolicy });
export type QueueRouting = z.infer<typeof queueRouting>;

export const routingOverview = z.object({
  queues: z.array(queueRouting),
  /** Callers waiting now, VIP first then longest waiting, per queue. */
  waiting: z.array(
    z.object({ sipCallId: z.string(), queue: z.string().nullable(), caller: z.string().nullable(), vip: z.boolean(), queuedAt: epochMs, step: z.string(), offeredTo: z.array(entityId) }),
  ),
  agents: z.array(z.object({ agentId: entityId, name: z.string(), skills: z.array(z.string()), languages: z.array(z.string()), queueIds: z.array(entityId) })),
});

export const setQueueRoutingInput = z.object({ queueId: entityId.nullable(), policy: queuePolicy.partial() });

export const setAgentRoutingInput = z.object({
  agentId: entityId,
  /** "billing:4" = skill billing at proficiency 4 (1–5); "billing" = 3. */
  skills: z.array(z.string().trim().regex(/^[^:]{1,40}(:[0-5])?$/)).max(50).optional(),
  languages: z.array(z.string().trim().regex(/^[^:]{1,40}(:[0-5])?$/)).max(20).optional(),
});

/** One routing decision of a call, for its drill-down. */
export const routeDecisionView = z.object({
  decisionId: z.string(),
  at: epochMs,
  kind: z.enum(['agent', 'wait', 'release', 'reject']),
  step: z.string(),
  why: z.string(),
  agents: z.array(z.string()),
  excluded: z.array(z.object({ agentId: entityId, why: z.string() })),
  vip: z.boolean(),
  sticky: z.string().nullable(),
  waitedSec: z.number().nonnegative(),
});
export type RouteDecisionView = z.infer<typeof routeDecisionView>;

export const callRoutingInput = z.object({ callId: entityId });
export const callRoutingOutput = z.object({ sipCallId: z.string().nullable(), decisions: z.array(routeDecisionView) });

/** Pushed to the desk a callback task is offered to (the agent is reserved for it): call the customer back (ADR 0030). */
export const callbackOffered = z.object({
  agentId: entityId,
  taskId: z.string().max(64),
  decisionId: z.string().max(64),
  caller: z.object({ e164: z.string(), displayName: z.string().nullable() }),
  customerId: entityId.nullable(),
  queue: z.string().nullable(),
  /** When the caller was released at the queue's max wait. */
  createdAt: epochMs,
  /** The offer lapses (back to the other tasks) unless the agent dials or skips it by then. */
  offerUntil: epochMs,
});
export type CallbackOffered = z.infer<typeof callbackOffered>;

export const callbackOutcomeInput = z.object({ taskId: z.string().min(1).max(64), outcome: z.enum(['dialled', 'skipped']) }).strict();
/** The desk painted the pop the router pushed for this decision (the router rings it then: ADR 0048). */
export const popShownInput = z.object({ decisionId: z.string().min(1).max(64) }).strict();
export const popShownOutput = z.object({ awaited: z.boolean() });
export const callbackOutcomeOutput = z.object({ taskId: z.string(), status: z.enum(['open', 'done']) });
