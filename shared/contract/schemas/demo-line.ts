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
  /** Routed through the engine: the decision id the in-page PBX puts in X-Frontline-Route (the pop is already painted). */
  routeId: z.string().max(64).nullable().optional(),
  /** The caller's Call-ID at the demo PBX: the contact the agent's leg joins (X-Frontline-Contact). */
  contactId: z.string().max(128).nullable().optional(),
});
export type DemoCallOffer = z.infer<typeof demoCall>;
