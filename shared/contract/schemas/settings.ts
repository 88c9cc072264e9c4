import { z } from 'zod';

export const valueSettings = z.object({
  /** Share of spend that is gross margin (0–1). */
  marginRate: z.number().min(0).max(1),
  /** Yearly retention probability r (0–1). */
  retentionRate: z.number().min(0).max(0.99),
  /** Yearly discount rate i (0–1). */
  discountRate: z.number().min(0).max(1),
  /** Lifetime value thresholds in minor units; below silver is bronze. */
  tierThresholds: z.object({ platinum: z.number().int(), gold: z.number().int(), silver: z.number().int() }),
});
export type ValueSettings = z.infer<typeof valueSettings>;

export const settings = z.object({
  /** ISO 3166 region used to read national-format numbers. */
  defaultRegion: z.string().length(2),
  currency: z.string().length(3),
  breakReasons: z.array(z.string().min(1).max(40)).min(1),
  value: valueSettings,
  /** True when no PBX is configured and the built-in demo line feeds calls. */
  demoLine: z.boolean(),
});
export type Settings = z.infer<typeof settings>;
