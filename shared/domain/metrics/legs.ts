import type { CallLeg, TimeRange } from './types';

/** from ≤ t < to; a missing timestamp is never in range. */
export function inRange(t: number | null, range: TimeRange): t is number {
  return t !== null && t >= range.from && t < range.to;
}

/** An answered leg whose wrap-up was submitted: one handle. */
export type HandledLeg = CallLeg & { answeredAt: number; wrapUpEndedAt: number };

export function isHandled(leg: CallLeg): leg is HandledLeg {
  return leg.answeredAt !== null && leg.wrapUpEndedAt !== null;
}

// A wrap-up without an end-of-call stamp should not happen; treating the call as ended when the
// wrap-up ended keeps the handle countable (its ACW is then 0).
function endedAt(leg: HandledLeg): number {
  return leg.endedAt ?? leg.wrapUpEndedAt;
}

/** Σ hold segments, each clipped to [answered, ended]; an open hold runs until the call ended. */
export function holdMs(leg: HandledLeg): number {
  const ended = endedAt(leg);
  let total = 0;
  for (const hold of leg.holds) {
    total += Math.max(0, Math.min(hold.end ?? ended, ended) - Math.max(hold.start, leg.answeredAt));
  }
  return total;
}

export function talkMs(leg: HandledLeg): number {
  return endedAt(leg) - leg.answeredAt - holdMs(leg);
}

export function acwMs(leg: HandledLeg): number {
  return leg.wrapUpEndedAt - endedAt(leg);
}

export function isInbound(leg: CallLeg): boolean {
  return leg.direction === 'inbound';
}
