import { acwMs, holdMs, inRange, isHandled, isInbound, talkMs } from './legs';
import { medianMs } from './median';
import { averageResult, countResult, formatMs, sortedIds } from './result';
import type { CallLeg, MetricResult, MetricSet, TimeRange } from './types';

/** The definitions the formulas start with (the board's running figures use the same words). */
export const HANDLED_DEFINITION = 'handled = answered inbound legs whose wrap-up ended in the range';
export const AHT_DEFINITION = 'AHT = Σ(talk + hold + ACW) / handled';
export const FRT_DEFINITION = 'agent FRT = Σ(answered − offered) / answered legs';

export type HandleMetrics = Pick<MetricSet, 'handled' | 'talk_s' | 'hold_s' | 'acw_s' | 'aht_s'>;
export type FrtMetrics = Pick<MetricSet, 'agent_frt_s' | 'agent_frt_median_s'>;
export type UnansweredMetrics = Pick<MetricSet, 'missed' | 'declined'>;

/**
 * Handles are stamped where the wrap-up ended (Genesys): a call still in wrap-up is not handled
 * yet, and a transferred call gives each agent's leg its own handle.
 */
export function handleMetrics(legs: readonly CallLeg[], range: TimeRange): HandleMetrics {
  let talk = 0;
  let hold = 0;
  let acw = 0;
  const ids: number[] = [];
  for (const leg of legs) {
    if (!isInbound(leg) || !isHandled(leg) || !inRange(leg.wrapUpEndedAt, range)) continue;
    talk += talkMs(leg);
    hold += holdMs(leg);
    acw += acwMs(leg);
    ids.push(leg.id);
  }
  const n = ids.length;
  return {
    handled: countResult('handled', HANDLED_DEFINITION, ids),
    talk_s: averageResult('talk_s', 'talk = Σ(ended − answered − hold) / handled', talk, n, ids),
    hold_s: averageResult('hold_s', 'hold = Σ hold / handled', hold, n, ids),
    acw_s: averageResult('acw_s', 'ACW = Σ(wrap-up ended − ended) / handled', acw, n, ids),
    aht_s: averageResult('aht_s', AHT_DEFINITION, talk + hold + acw, n, ids),
  };
}

/** The agent's own speed of answer (answered − offered) for legs answered in the range. */
export function frtMetrics(legs: readonly CallLeg[], range: TimeRange): FrtMetrics {
  const waits: number[] = [];
  const ids: number[] = [];
  let total = 0;
  for (const leg of legs) {
    if (!isInbound(leg) || leg.agentId === null || leg.offeredAt === null || !inRange(leg.answeredAt, range)) continue;
    const wait = leg.answeredAt - leg.offeredAt;
    waits.push(wait);
    total += wait;
    ids.push(leg.id);
  }
  return {
    agent_frt_s: averageResult('agent_frt_s', FRT_DEFINITION, total, waits.length, ids),
    agent_frt_median_s: medianResult(waits, ids),
  };
}

function medianResult(waits: readonly number[], ids: readonly number[]): MetricResult {
  const median = medianMs(waits);
  const definition = `agent FRT median = median(answered − offered) of ${waits.length} answered legs`;
  return {
    metric: 'agent_frt_median_s',
    value: median === null ? null : median / 1000,
    numerator: median ?? 0,
    denominator: waits.length,
    formula: median === null ? `${definition} = — (nothing counted)` : `${definition} = ${formatMs(median)}`,
    callIds: sortedIds(ids),
  };
}

/** Offers in the range this agent did not answer: declined vs rang out. */
export function unansweredMetrics(legs: readonly CallLeg[], range: TimeRange): UnansweredMetrics {
  const missed: number[] = [];
  const declined: number[] = [];
  for (const leg of legs) {
    if (!isInbound(leg) || !inRange(leg.offeredAt, range)) continue;
    if (leg.unanswered === 'missed') missed.push(leg.id);
    else if (leg.unanswered === 'declined') declined.push(leg.id);
  }
  return {
    missed: countResult('missed', 'missed = inbound legs offered in the range that rang out', missed),
    declined: countResult('declined', 'declined = inbound legs offered in the range the agent declined', declined),
  };
}
