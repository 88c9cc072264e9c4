import { frtMetrics, handleMetrics } from './agent-metrics';
import { groupContacts, type Contact } from './contacts';
import { inRange } from './legs';
import { serviceLevelResult } from './queue-metrics';
import { contactInScope, legInScope } from './scope';
import type { MetricInput, MetricScope } from './types';

/** One bucket of a chart series. */
export interface IntervalPoint {
  /** Bucket start (epoch ms); the bucket is [start, min(start + bucketMs, range.to)). */
  start: number;
  frtMeanS: number | null;
  frtMedianS: number | null;
  serviceLevelPct: number | null;
  /** Contacts queued in the bucket. */
  offered: number;
  handled: number;
}

/** For a set of agents: contacts that rang any of them (transfers included). */
function offeredInScope(contact: Contact, scope: MetricScope): boolean {
  if (scope.kind !== 'agents') return contactInScope(contact, scope);
  return contact.legs.some((leg) => leg.agentId !== null && scope.agentIds.has(leg.agentId));
}

/** The range cut into buckets, each computed by the same functions as the totals. */
export function intervalSeries(input: MetricInput, scope: MetricScope, bucketMs: number): IntervalPoint[] {
  if (!(bucketMs > 0)) throw new RangeError(`bucketMs must be positive, got ${bucketMs}`);
  const { range } = input;
  // Narrowed to the whole range once, so each bucket scans only what can fall in it.
  const contacts = groupContacts(input.legs).filter((contact) => inRange(contact.queued, range));
  const legs = input.legs.filter(
    (leg) => legInScope(leg, scope) && (inRange(leg.answeredAt, range) || inRange(leg.wrapUpEndedAt, range)),
  );
  const slContacts = contacts.filter((contact) => contactInScope(contact, scope));
  const offered = contacts.filter((contact) => offeredInScope(contact, scope));
  const points: IntervalPoint[] = [];
  for (let start = range.from; start < range.to; start += bucketMs) {
    const bucket = { from: start, to: Math.min(start + bucketMs, range.to) };
    const frt = frtMetrics(legs, bucket);
    points.push({
      start,
      frtMeanS: frt.agent_frt_s.value,
      frtMedianS: frt.agent_frt_median_s.value,
      serviceLevelPct: serviceLevelResult(slContacts, bucket, input.settings).value,
      offered: offered.filter((contact) => inRange(contact.queued, bucket)).length,
      handled: handleMetrics(legs, bucket).handled.numerator,
    });
  }
  return points;
}
