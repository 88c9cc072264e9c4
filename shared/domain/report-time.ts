/**
 * When a desk's call report is believed to have happened (ADR 0057). The desk stamps each report
 * with its own clock (corrected by its offset to the server's) so a report replayed from its outbox
 * after a network outage keeps the time it happened. A desk that is connected sends a report at
 * once, though: a report that arrives late for a time when the desk was demonstrably connected
 * (or an agent's hand-made one) is re-based to the nearest time the server can stand behind.
 */

/** How late a report may arrive and still keep its own time: round trip, clock-offset error, a retry. */
export const LIVE_REPORT_WINDOW_MS = 5_000;

/** A time this server held a live connection from the desk: `from` bound, `to` last heard (null: still open). */
export interface ConnectedSpell {
  from: number;
  to: number | null;
}

export type RebaseReason = 'ahead-of-server' | 'late-while-connected';

export interface BelievedTime {
  at: number;
  /** Why the desk's time was not kept; null when it was (or moved by less than the live window). */
  rebased: RebaseReason | null;
}

/**
 * A time in the server's future is the server's now (audited when further ahead than the window).
 * A time within the window before receipt is kept. An older one is kept only when the desk had no
 * live connection to this server then (it could not have reported it sooner: a replay). Otherwise
 * it becomes the earliest time it could have been missed: the end of that connection minus the
 * window (for the connection the report came on: receipt minus the window).
 */
export function believedReportTime(reportedAt: number, receivedAt: number, spells: readonly ConnectedSpell[], windowMs = LIVE_REPORT_WINDOW_MS): BelievedTime {
  if (reportedAt > receivedAt) return { at: receivedAt, rebased: reportedAt - receivedAt > windowMs ? 'ahead-of-server' : null };
  if (receivedAt - reportedAt <= windowMs) return { at: reportedAt, rebased: null };
  for (const spell of spells) {
    const missedFrom = (spell.to ?? receivedAt) - windowMs;
    if (reportedAt >= spell.from && reportedAt < missedFrom) return { at: Math.min(missedFrom, receivedAt), rebased: 'late-while-connected' };
  }
  return { at: reportedAt, rebased: null };
}
