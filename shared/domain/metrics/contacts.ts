import { contactCallerKey } from './caller';
import { isInbound } from './legs';
import type { CallLeg } from './types';

/**
 * One queued call as the caller lived it: every inbound leg sharing a contactKey. Only the legs
 * that are not transfers define its timing; transfer legs belong to it but never restart the clock.
 */
export interface Contact {
  key: string;
  /** All its legs, transfers included, by ascending id. */
  legs: readonly CallLeg[];
  /** min(queuedAt ?? offeredAt); null when no original (non-transfer) leg is loaded. */
  queued: number | null;
  answered: number | null;
  /** Set only when no original leg was answered: the latest abandonedAt. */
  abandoned: number | null;
  /** queueId of the earliest original leg. */
  queueId: number | null;
  /** Agent of the first answered original leg. */
  answeredBy: number | null;
  /** Some original leg was withheld. */
  withheld: boolean;
  /** "customer:<id>" when any leg is matched, else "number:<E.164>", else null. */
  customerKey: string | null;
  hasTransfer: boolean;
  /** max endedAt over all legs. */
  ended: number | null;
  /** The leg answered last (transfers included): FCR credits its agent and its resolved flag. */
  lastAnswered: CallLeg | null;
}

export type ContactOutcome = 'answered' | 'abandoned' | 'waiting';

export function contactOutcome(contact: Contact): ContactOutcome {
  if (contact.answered !== null) return 'answered';
  return contact.abandoned !== null ? 'abandoned' : 'waiting';
}

export function groupContacts(legs: readonly CallLeg[]): Contact[] {
  const byKey = new Map<string, CallLeg[]>();
  for (const leg of legs) {
    if (!isInbound(leg)) continue;
    const group = byKey.get(leg.contactKey);
    if (group) group.push(leg);
    else byKey.set(leg.contactKey, [leg]);
  }
  return [...byKey].map(([key, group]) => toContact(key, group.sort((a, b) => a.id - b.id)));
}

function toContact(key: string, legs: CallLeg[]): Contact {
  const originals = legs.filter((leg) => leg.transferredFromLegId === null);
  let queued: number | null = null;
  let earliest: CallLeg | null = null;
  let firstAnswer: CallLeg | null = null;
  let abandoned: number | null = null;
  for (const leg of originals) {
    const start = leg.queuedAt ?? leg.offeredAt;
    if (start !== null && (queued === null || start < queued)) {
      queued = start;
      earliest = leg;
    }
    if (leg.answeredAt !== null && (firstAnswer === null || leg.answeredAt < (firstAnswer.answeredAt as number))) firstAnswer = leg;
    if (leg.abandonedAt !== null && (abandoned === null || leg.abandonedAt > abandoned)) abandoned = leg.abandonedAt;
  }
  let lastAnswered: CallLeg | null = null;
  let ended: number | null = null;
  for (const leg of legs) {
    if (leg.answeredAt !== null && (lastAnswered === null || leg.answeredAt >= (lastAnswered.answeredAt as number))) lastAnswered = leg;
    if (leg.endedAt !== null && (ended === null || leg.endedAt > ended)) ended = leg.endedAt;
  }
  return {
    key,
    legs,
    queued,
    answered: firstAnswer?.answeredAt ?? null,
    abandoned: firstAnswer === null ? abandoned : null,
    queueId: (earliest ?? originals[0])?.queueId ?? null,
    answeredBy: firstAnswer?.agentId ?? null,
    withheld: originals.some((leg) => leg.withheld),
    customerKey: contactCallerKey(legs),
    hasTransfer: originals.length < legs.length,
    ended,
    lastAnswered,
  };
}
