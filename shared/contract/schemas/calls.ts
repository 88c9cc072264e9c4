import { z } from 'zod';
import { agentStatus } from './agent';
import { cleanedText, e164, entityId, epochMs } from './common';

/** How a leg ended, as the agent's softphone saw it (or the core, when the desk was lost). */
export const callEndReason = z.enum([
  'caller-cancelled',
  'declined',
  'missed',
  'local-hangup',
  'remote-hangup',
  'transferred',
  'failed',
  'rejected-by-remote',
  /** The core ended it: the desk's page or connection was lost with the call (ADR 0025). */
  'agent-disconnected',
]);
export type CallEndReason = z.infer<typeof callEndReason>;

/** What happened to a call, reported by the softphone the moment it happens. */
export const callEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('offered'),
    direction: z.enum(['inbound', 'outbound']),
    /** E.164, or null when withheld or unreadable. */
    callerE164: e164.nullable(),
    withheld: z.boolean(),
    /** Caller-supplied: stored bounded, shown as text only. */
    callerDisplay: cleanedText(0, 256).nullable(),
    /** Queue name and time already waited, from the PBX's headers when it sends them. */
    queue: cleanedText(0, 64).nullable(),
    waitedMs: z.number().int().min(0).max(86_400_000).nullable(),
    /** The PBX's id for the queued call: legs offered to several agents share it. */
    queueCallId: z.string().max(128).nullable(),
    sipCallId: z.string().max(256).nullable(),
    customerId: entityId.nullable(),
  }),
  z.object({ type: z.literal('customer-chosen'), customerId: entityId }),
  z.object({ type: z.literal('answered') }),
  z.object({ type: z.literal('hold-started') }),
  z.object({ type: z.literal('hold-ended') }),
  z.object({ type: z.literal('transfer-requested'), kind: z.enum(['blind', 'attended']), target: z.string().max(256) }),
  z.object({ type: z.literal('ended'), reason: callEndReason }),
  /** The pop's offers: painted on screen ('shown'), or the call went before they were ('not-seen'). */
  z.object({
    type: z.literal('offer-shown'),
    seen: z.enum(['shown', 'not-seen']),
    customerId: entityId,
    policyVersion: z.string().max(64),
    offers: z
      .array(z.object({ code: z.string().max(64), rank: z.number().int().min(1).max(10), score: z.number(), probability: z.number().min(0).max(1) }))
      .min(1)
      .max(3),
  }),
  /** The customer's answer to an offer, given on the pop during the call. */
  z.object({ type: z.literal('offer-answered'), code: z.string().max(64), outcome: z.enum(['accepted', 'declined']) }),
]);
export type CallEventReport = z.infer<typeof callEvent>;

export const reportCallEventInput = z.object({
  /** The softphone's id for this call leg, unique per agent. */
  callKey: z.string().min(1).max(128),
  /** Unique per report: a replayed report (after a reconnect) is recognised and not applied twice. */
  eventId: z.string().min(8).max(64),
  /** When it happened on the agent's clock, already corrected by the offset to the server clock. */
  at: epochMs,
  /** A transfer leg: the callKey of the call it came from (same agent or not). */
  transferredFromCallId: entityId.nullable().optional(),
  event: callEvent,
});
export type ReportCallEventInput = z.infer<typeof reportCallEventInput>;

export const reportCallEventOutput = z.object({
  callId: entityId,
  /** False when this eventId had already been applied. */
  applied: z.boolean(),
  status: agentStatus,
});
