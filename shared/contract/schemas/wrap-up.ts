import { z } from 'zod';
import { cleanedText, entityId, epochMs } from './common';

/** After-call work: optional (no ACW state), mandatory (until submitted), or time-boxed (auto-ready when the box ends). */
export const acwMode = z.enum(['optional', 'mandatory', 'time-boxed']);
export type AcwMode = z.infer<typeof acwMode>;

export const offerOutcome = z.enum(['accepted', 'declined', 'not-presented']);

export const softTag = cleanedText(1, 40);

/** Everything the agent logs after a call; every field optional while it is a draft. */
export const wrapUpFields = z.object({
  dispositionCode: z.string().max(40).nullable(),
  resolved: z.boolean().nullable(),
  notes: z.string().max(4000),
  offerCode: z.string().max(64).nullable(),
  offerOutcome: offerOutcome.nullable(),
  callbackAt: epochMs.nullable(),
  tags: z.array(softTag).max(12),
});
export type WrapUpFields = z.infer<typeof wrapUpFields>;

export const disposition = z.object({ code: z.string(), label: z.string() });
export type Disposition = z.infer<typeof disposition>;

export const wrapUp = z.object({
  callId: entityId,
  fields: wrapUpFields,
  /** Increases with every saved draft; a save carrying an older revision is ignored. */
  revision: z.number().int().nonnegative(),
  submitted: z.boolean(),
  /** When after-call work ended (null while it runs). */
  endedAt: epochMs.nullable(),
  /** Time-boxed mode: when the agent goes ready by themselves (null otherwise). */
  deadline: epochMs.nullable(),
  mode: acwMode,
  dispositions: z.array(disposition),
  /** Shown in the form header. */
  caller: z.string().nullable(),
  customerId: entityId.nullable(),
  callEndedAt: epochMs.nullable(),
});
export type WrapUp = z.infer<typeof wrapUp>;

export const saveDraftInput = z.object({ callId: entityId, revision: z.number().int().positive(), fields: wrapUpFields });
export const submitInput = z.object({
  callId: entityId,
  fields: wrapUpFields,
  /**
   * Chosen by the desk, new for each submit and kept when the same submit is resent (after a lost
   * connection or instance): a resend is applied once; the same id with another payload is refused.
   * Optional for older clients, whose resend is applied again as a correction (ADR 0045).
   */
  requestId: z.string().min(8).max(64).optional(),
});
export const callIdInput = z.object({ callId: entityId });

export const setDispositionsInput = z.object({
  /** null: the centre's default list, used by queues without their own. */
  queueId: entityId.nullable(),
  dispositions: z
    .array(z.object({ code: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, 'a code is 1–40 lowercase letters, digits or dashes'), label: cleanedText(1, 60) }))
    .min(1)
    .max(20)
    .refine((list) => new Set(list.map((d) => d.code)).size === list.length, 'codes must be unique'),
});
