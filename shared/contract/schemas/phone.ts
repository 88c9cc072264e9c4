import { z } from 'zod';

export const phoneParse = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), e164: z.string(), national: z.string(), country: z.string().nullable() }),
  z.object({ kind: z.literal('withheld'), raw: z.string() }),
  z.object({ kind: z.literal('invalid'), raw: z.string(), reason: z.string() }),
]);
export type PhoneParse = z.infer<typeof phoneParse>;
