import { percentResult, sortedIds } from './result';
import type { AgentStateChange, CallLeg, MetricResult, TimeRange } from './types';

/** One agent's part of an occupancy figure; several agents' parts are summed, not averaged. */
export interface OccupancyShare {
  busyMs: number;
  /** Logged in (any state but offline or disconnected) minus break. */
  staffedMs: number;
  callIds: number[];
}

/** States in which an agent counts as staffed: logged in and ready or working (not on a break, offline or disconnected). */
function isStaffed(state: AgentStateChange['state']): boolean {
  return state !== 'offline' && state !== 'break' && state !== 'disconnected';
}

/**
 * `legs` and `states` are this agent's. Outbound legs count: they keep the agent busy too.
 * Everything is clipped to [from, min(to, now)). Busy time counts only while staffed, so
 * occupancy can never pass 100 % (a call whose desk was lost keeps its wrap-up open while the
 * agent is Disconnected: that time is neither staffed nor busy).
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
  const spells = staffedSpells(states, from, to);
  return { ...busy(legs, spells, from, to, now), staffedMs: spells.reduce((sum, [s, e]) => sum + e - s, 0) };
}

/** The agent's staffed spells within [from, to), in order and disjoint. */
function staffedSpells(states: readonly AgentStateChange[], from: number, to: number): [number, number][] {
  // Stable sort: of two changes at the same instant the later row wins.
  const log = [...states].sort((a, b) => a.at - b.at);
  const spells: [number, number][] = [];
  let state: AgentStateChange['state'] = 'offline';
  let since = from;
  for (const change of log) {
    if (change.at >= to) break;
    if (change.at > from && isStaffed(state) && change.at > since) addSpell(spells, since, change.at);
    state = change.state;
    since = Math.max(change.at, from);
  }
  if (isStaffed(state) && to > since) addSpell(spells, since, to);
  return spells;
}

/** Available → on a call → wrap-up are one spell: joining them keeps the overlap sweep short. */
function addSpell(spells: [number, number][], start: number, end: number): void {
  const last = spells.at(-1);
  if (last !== undefined && last[1] === start) last[1] = end;
  else spells.push([start, end]);
}

/** Length of the union of [answered, wrap-up ended ?? now] within the staffed spells: two calls at once are busy once. */
function busy(legs: readonly CallLeg[], spells: readonly [number, number][], from: number, to: number, now: number): { busyMs: number; callIds: number[] } {
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
  // The pieces measured below move forward and so do the spells: one sweep, not pieces × spells.
  let first = 0;
  for (const [start, end] of intervals) {
    if (end <= coveredTo) continue;
    const pieceStart = Math.max(start, coveredTo);
    while (first < spells.length && (spells[first] as [number, number])[1] <= pieceStart) first += 1;
    for (let i = first; i < spells.length; i++) {
      const [s, e] = spells[i] as [number, number];
      if (s >= end) break;
      total += Math.max(0, Math.min(e, end) - Math.max(s, pieceStart));
    }
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
    'occupancy = busy while staffed (talk + hold + ACW, overlaps once) / (logged in − break − disconnected)',
    busyMs,
    staffedMs,
    sortedIds(shares.flatMap((share) => share.callIds)),
    'ms',
  );
}
