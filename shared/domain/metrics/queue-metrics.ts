import { contactOutcome, type Contact } from './contacts';
import { inRange } from './legs';
import { averageResult, percentResult } from './result';
import type { MetricResult, MetricSettings, TimeRange } from './types';

function legIds(contacts: readonly Contact[]): number[] {
  return contacts.flatMap((contact) => contact.legs.map((leg) => leg.id));
}

export const ASA_DEFINITION = 'ASA = Σ(answered − queued) / answered contacts';

/** ASA: answered − queued over the contacts answered in the range. */
export function asaResult(contacts: readonly Contact[], range: TimeRange): MetricResult {
  const counted: Contact[] = [];
  let total = 0;
  for (const contact of contacts) {
    if (contact.queued === null || !inRange(contact.answered, range)) continue;
    total += contact.answered - contact.queued;
    counted.push(contact);
  }
  return averageResult('asa_s', ASA_DEFINITION, total, counted.length, legIds(counted));
}

/** Service level over contacts queued in the range; contacts still waiting are not decided yet. */
export function serviceLevelResult(contacts: readonly Contact[], range: TimeRange, settings: MetricSettings): MetricResult {
  const thresholdMs = settings.serviceLevelThresholdS * 1000;
  const shortMs = settings.shortAbandonS * 1000;
  const counted: Contact[] = [];
  let met = 0;
  for (const contact of contacts) {
    if (!inRange(contact.queued, range)) continue;
    const outcome = contactOutcome(contact);
    if (outcome === 'waiting') continue;
    if (outcome === 'answered') {
      if ((contact.answered as number) - contact.queued <= thresholdMs) met += 1;
    } else {
      const waited = (contact.abandoned as number) - contact.queued;
      if (settings.abandonTreatment === 'exclude-short' && waited < shortMs) continue;
      if (settings.abandonTreatment === 'met-if-within-threshold' && waited <= thresholdMs) met += 1;
    }
    counted.push(contact);
  }
  return percentResult('service_level_pct', serviceLevelDefinition(settings), met, counted.length, legIds(counted));
}

export function serviceLevelDefinition(settings: MetricSettings): string {
  const y = settings.serviceLevelThresholdS;
  return {
    'met-if-within-threshold': `service level = (answered or abandoned within ${y} s) / (answered + abandoned)`,
    'exclude-short': `service level = answered within ${y} s / (answered + abandoned after ≥ ${settings.shortAbandonS} s)`,
    failed: `service level = answered within ${y} s / (answered + abandoned)`,
  }[settings.abandonTreatment];
}

/** Abandoned / queued for contacts queued in the range (waiting ones included). */
export function abandonResult(contacts: readonly Contact[], range: TimeRange, settings: MetricSettings): MetricResult {
  const shortMs = settings.shortAbandonS * 1000;
  const counted: Contact[] = [];
  let abandoned = 0;
  for (const contact of contacts) {
    if (!inRange(contact.queued, range)) continue;
    if (contact.abandoned !== null) {
      if (settings.excludeShortAbandonsFromAbandonRate && contact.abandoned - contact.queued < shortMs) continue;
      abandoned += 1;
    }
    counted.push(contact);
  }
  return percentResult('abandon_pct', abandonDefinition(settings), abandoned, counted.length, legIds(counted));
}

export function abandonDefinition(settings: MetricSettings): string {
  const z = settings.shortAbandonS;
  return settings.excludeShortAbandonsFromAbandonRate
    ? `abandon rate = abandoned after ≥ ${z} s / queued contacts (abandons under ${z} s left out)`
    : 'abandon rate = abandoned / queued contacts';
}
