import { frtMetrics, handleMetrics } from '../../../shared/domain/metrics/agent-metrics';
import { groupContacts } from '../../../shared/domain/metrics/contacts';
import { inRange } from '../../../shared/domain/metrics/legs';
import { serviceLevelResult } from '../../../shared/domain/metrics/queue-metrics';
import type { IntervalPoint } from '../../../shared/domain/metrics/trend';
import type { CallLeg, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';
import type { TodayCache } from '../metrics/today-cache';
import { legTime, type LegTimes } from './leg-times';

/** Times touched by more changes than this between two trends: every bucket is computed again (bounded memory). */
const MAX_TOUCHED = 20_000;

/**
 * The board's trend (the centre's FRT, service level, offered and handled per bucket of the day,
 * as `intervalSeries` computes them) with each bucket kept until a change touches a time in it:
 * a trend turn computes the buckets changed since the last one and the one the clock is in, from
 * the legs of those minutes only (ADR 0075).
 */
export class RunningTrend {
  private buckets = new Map<number, { to: number; point: IntervalPoint }>();
  private bucketMs = 0;
  private touchedTimes: number[] = [];
  private everything = false;

  /** A leg changed (before or after): its buckets are computed again. */
  touchedLeg(leg: CallLeg): void {
    for (const kind of ['start', 'answered', 'wrapped'] as const) {
      const at = legTime(leg, kind);
      if (at !== null) this.touched(at);
    }
  }

  touched(at: number): void {
    if (this.buckets.size === 0 || this.everything) return;
    if (this.touchedTimes.push(at) > MAX_TOUCHED) {
      this.everything = true;
      this.touchedTimes = [];
    }
  }

  points(today: TodayCache, times: LegTimes, range: TimeRange, bucketMs: number, settings: MetricSettings): IntervalPoint[] {
    if (!(bucketMs > 0)) throw new RangeError(`bucketMs must be positive, got ${bucketMs}`);
    if (bucketMs !== this.bucketMs || this.everything) {
      this.buckets.clear();
      this.bucketMs = bucketMs;
      this.everything = false;
    }
    for (const at of this.touchedTimes) this.buckets.delete(range.from + Math.floor((at - range.from) / bucketMs) * bucketMs);
    this.touchedTimes = [];
    const points: IntervalPoint[] = [];
    for (let start = range.from; start < range.to; start += bucketMs) {
      const to = Math.min(start + bucketMs, range.to);
      let kept = this.buckets.get(start);
      if (kept === undefined || kept.to !== to) this.buckets.set(start, (kept = { to, point: bucketPoint(today, times, { from: start, to }, settings) }));
      points.push(kept.point);
    }
    return points;
  }
}

/** One bucket, by the same functions as intervalSeries, over the legs of its minutes only. */
function bucketPoint(today: TodayCache, times: LegTimes, bucket: TimeRange, settings: MetricSettings): IntervalPoint {
  const legsBy = (kind: 'answered' | 'wrapped') => {
    const legs: CallLeg[] = [];
    times.idsIn(kind, bucket.from, bucket.to, (id) => {
      const leg = today.leg(id);
      if (leg !== undefined && inRange(legTime(leg, kind), bucket)) legs.push(leg);
    });
    return legs;
  };
  const keys = new Set<string>();
  times.idsIn('start', bucket.from, bucket.to, (id) => {
    const leg = today.leg(id);
    if (leg !== undefined) keys.add(leg.contactKey);
  });
  const contacts = [...keys].flatMap((key) => groupContacts(today.contactLegs(key))).filter((contact) => inRange(contact.queued, bucket));
  const frt = frtMetrics(legsBy('answered'), bucket);
  return {
    start: bucket.from,
    frtMeanS: frt.agent_frt_s.value,
    frtMedianS: frt.agent_frt_median_s.value,
    serviceLevelPct: serviceLevelResult(contacts, bucket, settings).value,
    offered: contacts.length,
    handled: handleMetrics(legsBy('wrapped'), bucket).handled.numerator,
  };
}
