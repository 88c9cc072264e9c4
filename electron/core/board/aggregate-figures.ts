import { computePrepared, prepareMetrics } from '../../../shared/domain/metrics/engine';
import { intervalSeries, type IntervalPoint } from '../../../shared/domain/metrics/trend';
import type { MetricName, MetricResult, MetricSettings } from '../../../shared/domain/metrics/types';
import type { TodayCache } from '../metrics/today-cache';
import { staffingNow } from './staffing';

/** A board turn's question: the day's figures for the queues, the teams and the centre at `now`. */
export interface AggregateRequest {
  now: number;
  settings: MetricSettings;
  queues: readonly { id: number }[];
  teams: readonly { id: number; agentIds: readonly number[] }[];
  staffing: { intervalMs: number; serviceLevelPct: number; thresholdS: number };
  /** Bucket length when the trend is due this turn, else null. */
  trendBucketMs: number | null;
  /** Drill-down lists are cut to this many calls (what a board cell carries). */
  maxCallIds: number;
}

export type Figures = Partial<Record<MetricName, MetricResult>>;
export interface Staffing {
  needed: number | null;
  basis: string;
}

export interface AggregateFigures {
  queues: { id: number; figures: Figures; staffing: Staffing }[];
  teams: { id: number; figures: Figures }[];
  centre: { figures: Figures; staffing: Staffing };
  trend: IntervalPoint[] | null;
}

export const QUEUE_METRICS: MetricName[] = ['service_level_pct', 'asa_s', 'abandon_pct', 'aht_s', 'handled'];
export const TEAM_METRICS: MetricName[] = ['aht_s', 'agent_frt_s', 'fcr_pct', 'handled'];
export const CENTRE_METRICS: MetricName[] = ['service_level_pct', 'asa_s', 'abandon_pct', 'aht_s', 'agent_frt_s', 'fcr_pct', 'handled'];

/**
 * The queue, team and centre figures of a board turn, from today's legs: the heavy part of the
 * board (the whole day grouped into contacts and first contacts once, then every scope). Runs in
 * the board's worker thread, or inline where no worker can start.
 */
export function aggregateFigures(today: TodayCache, request: AggregateRequest): AggregateFigures {
  const prepared = prepareMetrics(today.input(request.now, request.settings));
  const pick = (set: ReturnType<typeof computePrepared>, names: MetricName[]): Figures =>
    Object.fromEntries(names.map((name) => [name, { ...set[name], callIds: set[name].callIds.slice(0, request.maxCallIds) }]));
  const staffing = (legs: typeof prepared.input.legs, ahtS: number | null): Staffing => {
    const { needed, basis } = staffingNow({ legs, now: request.now, fallbackAhtS: ahtS, available: 0, ...request.staffing });
    return { needed, basis };
  };
  const queues = request.queues.map((q) => {
    const set = computePrepared(prepared, { kind: 'queue', queueId: q.id });
    return { id: q.id, figures: pick(set, QUEUE_METRICS), staffing: staffing(prepared.input.legs.filter((l) => l.queueId === q.id), set.aht_s.value) };
  });
  const teams = request.teams.map((t) => ({ id: t.id, figures: pick(computePrepared(prepared, { kind: 'agents', agentIds: new Set(t.agentIds) }), TEAM_METRICS) }));
  const all = computePrepared(prepared, { kind: 'all' });
  return {
    queues,
    teams,
    centre: { figures: pick(all, CENTRE_METRICS), staffing: staffing(prepared.input.legs, all.aht_s.value) },
    trend: request.trendBucketMs === null ? null : intervalSeries(prepared.input, { kind: 'all' }, request.trendBucketMs).filter((p) => p.start <= request.now),
  };
}
