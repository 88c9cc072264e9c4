/**
 * FCR's "same caller", in one place: a call is from the customer it is matched to, else from its
 * number; withheld and outbound calls are from nobody. Every reader (the contact grouping, today's
 * in-memory index, the repository's history reads) asks here.
 */
export type Caller = { kind: 'customer'; customerId: number } | { kind: 'number'; e164: string };

export interface CallerFacts {
  direction: 'inbound' | 'outbound' | string;
  withheld: boolean;
  customerId: number | null;
  callerE164: string | null;
}

export function callerOf(leg: CallerFacts): Caller | null {
  if (leg.withheld || leg.direction !== 'inbound') return null;
  if (leg.customerId !== null) return { kind: 'customer', customerId: leg.customerId };
  return leg.callerE164 === null ? null : { kind: 'number', e164: leg.callerE164 };
}

export function callerKey(caller: Caller): string {
  return caller.kind === 'customer' ? `customer:${caller.customerId}` : `number:${caller.e164}`;
}

/**
 * A contact's caller (its legs are inbound): the customer any leg is matched to, else the number
 * any leg came from. Whether a withheld contact counts at all is FCR's call, not this one's.
 */
export function contactCallerKey(legs: readonly Omit<CallerFacts, 'direction'>[]): string | null {
  const customerId = legs.find((leg) => leg.customerId !== null)?.customerId;
  if (customerId != null) return callerKey({ kind: 'customer', customerId });
  const e164 = legs.find((leg) => leg.callerE164 !== null)?.callerE164;
  return e164 ? callerKey({ kind: 'number', e164 }) : null;
}

/** Every key a leg can be found under (its customer and its number): a contact's customer can come from a colleague's leg. */
export function callerIndexKeys(leg: Omit<CallerFacts, 'direction'>): string[] {
  if (leg.withheld) return [];
  const keys: string[] = [];
  if (leg.customerId !== null) keys.push(callerKey({ kind: 'customer', customerId: leg.customerId }));
  if (leg.callerE164 !== null) keys.push(callerKey({ kind: 'number', e164: leg.callerE164 }));
  return keys;
}

/** A leg's contact when nothing links it to others (no PBX contact id, not a transfer): the leg itself. */
export function ownContactKey(legId: number): string {
  return String(legId);
}
