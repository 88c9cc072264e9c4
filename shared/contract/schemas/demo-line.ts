import { z } from 'zod';
import { entityId } from './common';

export const demoCall = z.object({
  agentId: entityId,
  /** null: a withheld number. */
  e164: z.string().nullable(),
  displayName: z.string().nullable(),
  queue: z.string(),
  waitedSeconds: z.number().nonnegative(),
  talkSeconds: z.number().positive(),
});
export type DemoCallOffer = z.infer<typeof demoCall>;
