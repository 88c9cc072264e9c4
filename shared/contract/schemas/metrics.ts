import { z } from 'zod';
import { entityId, epochMs } from './common';

export const metricName = z.enum([
  'talk_s',
  'hold_s',
  'acw_s',
  'aht_s',
  'agent_frt_s',
  'agent_frt_median_s',
  'asa_s',
  'service_level_pct',
  'abandon_pct',
  'fcr_pct',
  'occupancy_pct',
  'handled',
  'missed',
  'declined',
]);

export const rag = z.enum(['green', 'amber', 'red', 'none']);

export const metricResult = z.object({
  metric: metricName,
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
  formula: z.string(),
  /** The calls behind the number, capped at 1000 (the numerator and denominator say how many there are). */
  callIds: z.array(entityId).max(1000),
  provisional: z.boolean().optional(),
  pending: z.number().int().optional(),
});

export const slaTarget = z.object({
  metric: z.string(),
  target: z.number(),
  amberBand: z.number().min(0).max(1),
  direction: z.enum(['at-least', 'at-most']),
  /** Where it came from: the queue's or team's own, else the default. */
  scope: z.enum(['default', 'queue', 'team']),
});
export type SlaTargetDto = z.infer<typeof slaTarget>;

/** One metric with its target and red/amber/green. */
export const scoredMetric = metricResult.extend({ target: slaTarget.nullable(), rag });
export type ScoredMetric = z.infer<typeof scoredMetric>;

export const trendPoint = z.object({
  start: epochMs,
  frtMeanS: z.number().nullable(),
  frtMedianS: z.number().nullable(),
  serviceLevelPct: z.number().nullable(),
  offered: z.number().int(),
  handled: z.number().int(),
});

export const timeRange = z
  .object({ from: epochMs, to: epochMs })
  .refine((r) => r.to > r.from, 'to must be after from')
  .refine((r) => r.to - r.from <= 366 * 86_400_000, 'at most a year at a time');

export const metricsScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('me') }),
  z.object({ kind: z.literal('agent'), agentId: entityId }),
  z.object({ kind: z.literal('team'), teamId: entityId }),
  z.object({ kind: z.literal('queue'), queueId: entityId }),
  z.object({ kind: z.literal('all') }),
]);

export const metricsQueryInput = z.object({
  scope: metricsScope,
  /** Today (local midnight of the server to now) when absent. */
  range: timeRange.optional(),
  /** Trend buckets; 30 minutes when absent. */
  bucketMinutes: z.number().int().min(5).max(1440).optional(),
});

export const metricsReport = z.object({
  range: z.object({ from: epochMs, to: epochMs }),
  computedAt: epochMs,
  metrics: z.array(scoredMetric),
  trend: z.array(trendPoint),
});
export type MetricsReport = z.infer<typeof metricsReport>;

export const setTargetInput = z.object({
  metric: metricName,
  scope: z.enum(['default', 'queue', 'team']),
  scopeId: entityId.nullable(),
  target: z.number().min(0).max(100_000),
  amberBand: z.number().min(0).max(1).optional(),
});

export const exportCallsInput = z.object({ range: timeRange, scope: z.enum(['me', 'all']).default('me') });
export const exportMetricsInput = z.object({ range: timeRange, scope: metricsScope });
export const exportOutput = z.object({ filename: z.string(), csv: z.string(), rows: z.number().int() });

/** To an agent whose own figures today changed without their state changing (a wrap-up after the time box, another agent taking their caller's repeat). */
export const figuresChanged = z.object({ agentId: z.number().int() });
