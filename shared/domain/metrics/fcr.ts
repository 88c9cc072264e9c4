import type { Contact } from './contacts';
import { inRange } from './legs';
import { formatWindow, percentResult } from './result';
import type { MetricResult, MetricSettings, TimeRange } from './types';
import { lowerBound } from '../sorted-search';

/** An answered contact with no earlier answered contact from the same customer within W. */
export interface FirstContact {
  contact: Contact;
  /** The contact's queued time. */
  start: number;
  /** From the last-answered leg. */
  agentId: number | null;
  resolved: boolean | null;
  /** The contact's queue (its earliest original leg's). */
  queueId: number | null;
  /** Another contact from the same customer followed within W, outside the transfer grace. */
  repeated: boolean;
}

/** Index of the first element > x in an ascending array. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}


/**
 * Every first contact with its verdict, whatever the range: deciding needs contacts up to W
 * before (is it first?) and W after (was it repeated?). Withheld or unkeyed contacts take no part.
 */
export function firstContacts(contacts: readonly Contact[], settings: MetricSettings): FirstContact[] {
  const byCustomer = new Map<string, (Contact & { queued: number })[]>();
  for (const contact of contacts) {
    if (contact.withheld || contact.customerKey === null || contact.queued === null) continue;
    const keyed = contact as Contact & { queued: number };
    const group = byCustomer.get(contact.customerKey);
    if (group) group.push(keyed);
    else byCustomer.set(contact.customerKey, [keyed]);
  }
  const w = settings.fcrWindowMs;
  const firsts: FirstContact[] = [];
  for (const group of byCustomer.values()) {
    const starts = group.map((contact) => contact.queued).sort((a, b) => a - b);
    const answeredStarts = group
      .filter((contact) => contact.answered !== null)
      .map((contact) => contact.queued)
      .sort((a, b) => a - b);
    for (const contact of group) {
      if (contact.answered === null) continue;
      const start = contact.queued;
      const before = answeredStarts[lowerBound(answeredStarts, start) - 1];
      if (before !== undefined && start - before <= w) continue;
      // A call back soon after a transfer is usually the transfer failing, not a repeat.
      const graceEnd = contact.hasTransfer && contact.ended !== null ? contact.ended + settings.transferGraceMs : start;
      const next = starts[upperBound(starts, Math.max(start, graceEnd))];
      firsts.push({
        contact,
        start,
        agentId: contact.lastAnswered?.agentId ?? null,
        resolved: contact.lastAnswered?.resolved ?? null,
        queueId: contact.queueId,
        repeated: next !== undefined && next - start <= w,
      });
    }
  }
  return firsts;
}

/** FCR over the first contacts (already scoped) that started in the range. */
export function fcrResult(firsts: readonly FirstContact[], range: TimeRange, now: number, settings: MetricSettings): MetricResult {
  const w = settings.fcrWindowMs;
  const counted = firsts.filter((first) => inRange(first.start, range));
  const known = counted.filter((first) => first.resolved !== null);
  const successes = known.filter((first) => first.resolved === true && !first.repeated).length;
  const provisional = counted.some((first) => now < first.start + w);
  return fcrOf(
    { successes, known: known.length, pending: counted.length - known.length, provisional },
    known.flatMap((first) => first.contact.legs.map((leg) => leg.id)),
    settings,
  );
}

/** FCR from its counts (the first contacts counted, by verdict) and the calls listed behind it. */
export function fcrOf(
  counts: { successes: number; known: number; pending: number; provisional: boolean },
  callIds: Iterable<number>,
  settings: MetricSettings,
): MetricResult {
  const { successes, known, pending, provisional } = counts;
  const w = settings.fcrWindowMs;
  const result = percentResult('fcr_pct', `FCR = resolved first contacts with no repeat within ${formatWindow(w)} / first contacts`, successes, known, callIds);
  const notes = [
    ...(provisional ? ['provisional: a repeat window is still open'] : []),
    ...(pending > 0 ? [`${pending} awaiting wrap-up, left out`] : []),
  ];
  const formula = notes.length > 0 ? `${result.formula} (${notes.join('; ')})` : result.formula;
  return { ...result, formula, provisional, pending };
}
