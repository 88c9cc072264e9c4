import { z } from 'zod';
import { acwMode } from './wrap-up';

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

export const acwSettings = z.object({
  mode: acwMode,
  /** Time-boxed mode: seconds of after-call work before the agent goes ready by themselves. */
  timeBoxS: z.number().int().min(5).max(3600),
  /** Seconds one press of Extend adds. */
  extendS: z.number().int().min(5).max(600),
});
export type AcwSettings = z.infer<typeof acwSettings>;

export const metricSettings = z.object({
  serviceLevelThresholdS: z.number().int().min(1).max(600),
  abandonTreatment: z.enum(['met-if-within-threshold', 'exclude-short', 'failed']),
  shortAbandonS: z.number().int().min(0).max(120),
  excludeShortAbandonsFromAbandonRate: z.boolean(),
  /** FCR repeat-contact window: 24 h, 48 h or 7 days (the default). */
  fcrWindowHours: z.union([z.literal(24), z.literal(48), z.literal(168)]),
  transferGraceMinutes: z.number().int().min(0).max(120),
});
export type MetricSettingsDto = z.infer<typeof metricSettings>;

export const boardSettings = z.object({
  /** Seconds in a state before a row turns amber (warn) and red (critical), and an alert is raised. */
  stateThresholds: z.record(z.string(), z.object({ warnS: z.number().int().positive(), criticalS: z.number().int().positive() })),
  longestWaitWarnS: z.number().int().positive(),
  longestWaitCriticalS: z.number().int().positive(),
  trendBucketMinutes: z.number().int().min(5).max(120),
});
export type BoardSettings = z.infer<typeof boardSettings>;

export const sessionSettings = z.object({
  /** A desk whose connection is lost this long shows Disconnected (out of routing, not ready). */
  disconnectGraceS: z.number().int().min(1).max(600),
  /** Disconnected this long (a closed tab): Offline. */
  offlineAfterDisconnectS: z.number().int().min(1).max(86_400),
  /** A session token with no connection or request for this long can no longer resume. */
  idleExpiryMinutes: z.number().int().min(1).max(7 * 24 * 60),
});
export type SessionSettings = z.infer<typeof sessionSettings>;

export const settings = z.object({
  /** ISO 3166 region used to read national-format numbers. */
  defaultRegion: z.string().length(2),
  currency: z.string().length(3),
  breakReasons: z.array(z.string().min(1).max(40)).min(1),
  value: valueSettings,
  /** True when no PBX is configured and the built-in demo line feeds calls. */
  demoLine: z.boolean(),
  acw: acwSettings,
  /** After this many ring timeouts in a row the agent is put on a break ("Missed calls"). */
  missesBeforeUnavailable: z.number().int().min(1).max(20),
  metrics: metricSettings,
  board: boardSettings,
  sessions: sessionSettings,
});
export type Settings = z.infer<typeof settings>;
