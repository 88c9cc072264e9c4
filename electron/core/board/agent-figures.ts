import { computeMetrics } from '../../../shared/domain/metrics/engine';
import type { MetricName, MetricSettings } from '../../../shared/domain/metrics/types';
import type { TodayCache } from '../metrics/today-cache';
import type { Figures } from './aggregate-figures';

/** A board turn's question for agent rows: these agents' own figures today at `now`. */
export interface AgentFiguresRequest {
  now: number;
  settings: MetricSettings;
  agentIds: readonly number[];
  /** Drill-down lists are cut to this many calls (what a board cell carries). */
  maxCallIds: number;
}

export type AgentFigures = { agentId: number; figures: Figures }[];

/** What an agent row shows of the day: the figures a row's cells and its handled count come from. */
export const ROW_METRICS: MetricName[] = ['aht_s', 'agent_frt_s', 'fcr_pct', 'handled'];

/**
 * Each agent's figures today, from just the legs that can affect them (their own, the rest of those
 * contacts, their callers' other contacts): one computation per agent, as a desk's "my numbers"
 * would do it. Runs in the board's worker thread beside the queue, team and centre figures.
 */
export function agentFigures(today: TodayCache, request: AgentFiguresRequest): AgentFigures {
  return request.agentIds.map((agentId) => {
    const set = computeMetrics(today.inputForAgents([agentId], request.now, request.settings), { kind: 'agents', agentIds: new Set([agentId]) });
    return { agentId, figures: Object.fromEntries(ROW_METRICS.map((name) => [name, { ...set[name], callIds: set[name].callIds.slice(0, request.maxCallIds) }])) };
  });
}
