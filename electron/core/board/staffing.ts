import { agentsNeeded } from '../../../shared/domain/metrics/erlang-c';
import type { CallLeg } from '../../../shared/domain/metrics/types';

export interface StaffingInput {
  /** Inbound legs of the scope (transfer legs are not new arrivals). */
  legs: readonly CallLeg[];
  now: number;
  intervalMs: number;
  /** Today's AHT in seconds, used when the last interval handled nothing. */
  fallbackAhtS: number | null;
  serviceLevelPct: number;
  thresholdS: number;
  available: number;
}

/**
 * Erlang C staffing from the last interval: arrivals (contacts queued in it) per hour and the
 * AHT of calls whose wrap-up ended in it, else today's AHT.
 */
export function staffingNow(input: StaffingInput): { needed: number | null; available: number; basis: string } {
  const from = input.now - input.intervalMs;
  const arrivals = new Set<string>();
  let handleMs = 0;
  let handled = 0;
  for (const leg of input.legs) {
    if (leg.direction !== 'inbound' || leg.transferredFromLegId !== null) continue;
    const queued = leg.queuedAt ?? leg.offeredAt;
    if (queued !== null && queued >= from && queued < input.now) arrivals.add(leg.contactKey);
    if (leg.answeredAt !== null && leg.wrapUpEndedAt !== null && leg.wrapUpEndedAt >= from && leg.wrapUpEndedAt < input.now) {
      handleMs += leg.wrapUpEndedAt - leg.answeredAt;
      handled += 1;
    }
  }
  const ahtS = handled > 0 ? handleMs / handled / 1000 : input.fallbackAhtS;
  const minutes = input.intervalMs / 60_000;
  if (arrivals.size === 0 || ahtS === null || ahtS <= 0) {
    return { needed: arrivals.size === 0 ? 0 : null, available: input.available, basis: `${arrivals.size} calls in the last ${minutes} min` };
  }
  const perHour = (arrivals.size * 3_600_000) / input.intervalMs;
  const needed = agentsNeeded({ arrivalsPerHour: perHour, ahtS, targetPct: input.serviceLevelPct, thresholdS: input.thresholdS });
  return {
    needed,
    available: input.available,
    basis: `Erlang C: ${arrivals.size} calls in the last ${minutes} min (${perHour.toFixed(0)}/h) × AHT ${ahtS.toFixed(0)} s → ${needed ?? '>1000'} agents for ${input.serviceLevelPct}% in ${input.thresholdS} s`,
  };
}
