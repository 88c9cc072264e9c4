import { percentResult, sortedIds } from './result';
import type { AgentStateChange, CallLeg, MetricResult, TimeRange } from './types';

/** One agent's part of an occupancy figure; several agents' parts are summed, not averaged. */
export interface OccupancyShare {
  busyMs: number;
  /** Logged in (any state but offline) minus break. */
  staffedMs: number;
  callIds: number[];
}

/**
 * `legs` and `states` are this agent's. Outbound legs count: they keep the agent busy too.
 * Everything is clipped to [from, min(to, now)).
 */
export function agentOccupancy(
  legs: readonly CallLeg[],
  states: readonly AgentStateChange[],
  range: TimeRange,
  now: number,
): OccupancyShare {
  const from = range.from;
  const to = Math.min(range.to, now);
  if (to <= from) return { busyMs: 0, staffedMs: 0, callIds: [] };
  return { ...busy(legs, from, to, now), staffedMs: staffed(states, from, to) };
}

function staffed(states: readonly AgentStateChange[], from: number, to: number): number {
  // Stable sort: of two changes at the same instant the later row wins.
  const log = [...states].sort((a, b) => a.at - b.at);
  let state: AgentStateChange['state'] = 'offline';
  let since = from;
  let total = 0;
  for (const change of log) {
    if (change.at >= to) break;
    if (change.at > from && state !== 'offline' && state !== 'break') total += change.at - since;
    state = change.state;
    since = Math.max(change.at, from);
  }
  if (state !== 'offline' && state !== 'break') total += to - since;
  return total;
}

/** Length of the union of [answered, wrap-up ended ?? now]: two calls at once are busy once. */
function busy(legs: readonly CallLeg[], from: number, to: number, now: number): { busyMs: number; callIds: number[] } {
  const intervals: [number, number][] = [];
  const ids: number[] = [];
  for (const leg of legs) {
    if (leg.answeredAt === null) continue;
    const start = Math.max(leg.answeredAt, from);
    const end = Math.min(leg.wrapUpEndedAt ?? now, to);
    if (end <= start) continue;
    intervals.push([start, end]);
    ids.push(leg.id);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredTo = from;
  for (const [start, end] of intervals) {
    if (end <= coveredTo) continue;
    total += end - Math.max(start, coveredTo);
    coveredTo = end;
  }
  return { busyMs: total, callIds: sortedIds(ids) };
}

export function occupancyResult(shares: readonly OccupancyShare[]): MetricResult {
  let busyMs = 0;
  let staffedMs = 0;
  for (const share of shares) {
    busyMs += share.busyMs;
    staffedMs += share.staffedMs;
  }
  return percentResult(
    'occupancy_pct',
    'occupancy = busy (talk + hold + ACW, overlaps once) / (logged in − break)',
    busyMs,
    staffedMs,
    sortedIds(shares.flatMap((share) => share.callIds)),
    'ms',
  );
}
