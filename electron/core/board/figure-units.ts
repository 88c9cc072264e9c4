import { contactOutcome, type Contact } from '../../../shared/domain/metrics/contacts';
import type { FirstContact } from '../../../shared/domain/metrics/fcr';
import { acwMs, holdMs, inRange, isHandled, isInbound, talkMs } from '../../../shared/domain/metrics/legs';
import type { CallLeg, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';

/**
 * What one unit of the day (a leg, a contact, a caller's first contacts) adds to the board's
 * figures: the same conditions the engine applies to the whole day (agent-metrics, queue-metrics,
 * fcr), one unit at a time, so a figure is the sum of its units' parts and a changed unit is taken
 * out and put back in without going over the day again (ADR 0075).
 */

/** handle: Σ(talk + hold + ACW) over handled legs (AHT, handled); frt: Σ(answered − offered); asa, sl, abandon, fcr as the engine's. */
export type Part = 'handle' | 'frt' | 'asa' | 'sl' | 'abandon' | 'fcr';

/** The centre, a queue, an agent (a team is its agents' sum). */
export type ScopeKey = string;
export const ALL: ScopeKey = 'all';
export const queueScope = (id: number): ScopeKey => `q${id}`;
export const agentScope = (id: number): ScopeKey => `a${id}`;

/**
 * One unit's part of one figure of one scope. `sum`/`count`: handle, frt, asa: Σ ms and how many;
 * sl: met and counted; abandon: abandoned and counted; fcr: successes and first contacts with a
 * verdict, `extra` the first contacts counted (verdict or not) and `start` when it began.
 */
export interface Entry {
  key: string;
  sum: number;
  count: number;
  extra: number;
  ids: readonly number[];
  start: number | null;
}

export const tallyKey = (part: Part, scope: ScopeKey): string => `${part}|${scope}`;

function push(out: Entry[], part: Part, scopes: readonly ScopeKey[], sum: number, count: number, ids: readonly number[], extra = 0, start: number | null = null): void {
  for (const scope of scopes) out.push({ key: tallyKey(part, scope), sum, count, extra, ids, start });
}

/** Whether any of these times has not come yet at `to` (the unit must be looked at again when it has). */
function later(to: number, ...times: (number | null)[]): boolean {
  return times.some((t) => t !== null && t >= to);
}

/** A leg's part in handled, AHT and agent FRT (engine: handleMetrics, frtMetrics); true when a time of it is still to come. */
export function legEntries(leg: CallLeg, range: TimeRange, out: Entry[]): boolean {
  if (!isInbound(leg)) return false;
  if (isHandled(leg) && inRange(leg.wrapUpEndedAt, range)) {
    const scopes = [ALL];
    if (leg.queueId !== null) scopes.push(queueScope(leg.queueId));
    if (leg.agentId !== null) scopes.push(agentScope(leg.agentId));
    push(out, 'handle', scopes, talkMs(leg) + holdMs(leg) + acwMs(leg), 1, [leg.id]);
  }
  if (leg.agentId !== null && leg.offeredAt !== null && inRange(leg.answeredAt, range)) {
    push(out, 'frt', [ALL, agentScope(leg.agentId)], leg.answeredAt - leg.offeredAt, 1, [leg.id]);
  }
  return later(range.to, leg.answeredAt, leg.wrapUpEndedAt);
}

/** A contact's part in ASA, service level and abandon rate (engine: queue-metrics); true when a time of it is still to come. */
export function contactEntries(contact: Contact, range: TimeRange, settings: MetricSettings, out: Entry[]): boolean {
  const scopes = contact.queueId === null ? [ALL] : [ALL, queueScope(contact.queueId)];
  const ids = contact.legs.map((leg) => leg.id);
  if (contact.queued !== null && inRange(contact.answered, range)) push(out, 'asa', scopes, contact.answered - contact.queued, 1, ids);
  if (inRange(contact.queued, range)) {
    const queued = contact.queued;
    const outcome = contactOutcome(contact);
    const thresholdMs = settings.serviceLevelThresholdS * 1000;
    const shortMs = settings.shortAbandonS * 1000;
    if (outcome === 'answered') push(out, 'sl', scopes, (contact.answered as number) - queued <= thresholdMs ? 1 : 0, 1, ids);
    else if (outcome === 'abandoned') {
      const waited = (contact.abandoned as number) - queued;
      if (!(settings.abandonTreatment === 'exclude-short' && waited < shortMs)) {
        push(out, 'sl', scopes, settings.abandonTreatment === 'met-if-within-threshold' && waited <= thresholdMs ? 1 : 0, 1, ids);
      }
    }
    if (contact.abandoned === null) push(out, 'abandon', scopes, 0, 1, ids);
    else if (!(settings.excludeShortAbandonsFromAbandonRate && contact.abandoned - queued < shortMs)) push(out, 'abandon', scopes, 1, 1, ids);
  }
  return later(range.to, contact.queued, contact.answered);
}

/** A caller's first contacts' part in FCR (engine: fcrResult); true when one of them is still to begin. */
export function firstEntries(firsts: readonly FirstContact[], range: TimeRange, out: Entry[]): boolean {
  let pending = false;
  for (const first of firsts) {
    if (first.start >= range.to) pending = true;
    if (!inRange(first.start, range)) continue;
    const scopes = first.agentId === null ? [ALL] : [ALL, agentScope(first.agentId)];
    if (first.resolved === null) push(out, 'fcr', scopes, 0, 0, [], 1, first.start);
    else push(out, 'fcr', scopes, first.resolved === true && !first.repeated ? 1 : 0, 1, first.contact.legs.map((leg) => leg.id), 1, first.start);
  }
  return pending;
}
