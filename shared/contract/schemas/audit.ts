import { z } from 'zod';
import { entityId, epochMs } from './common';

export const auditEntry = z.object({
  id: entityId,
  at: epochMs,
  kind: z.string(),
  principal: z.string().nullable(),
  address: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z
  .object({
    /** Exact kind (`signIn.failed`) or an area prefix ending in a dot (`signIn.`). */
    kind: z.string().regex(/^[a-zA-Z0-9.-]{1,64}$/).optional(),
    since: epochMs.optional(),
    /** Page back: entries with a smaller id than this one. */
    before: entityId.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.output<typeof auditQuery>;
