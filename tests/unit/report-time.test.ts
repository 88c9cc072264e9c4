import { describe, expect, it } from 'vitest';
import { believedReportTime, LIVE_REPORT_WINDOW_MS } from '../../shared/domain/report-time';

const received = 1_000_000_000;
const W = LIVE_REPORT_WINDOW_MS;

describe("a desk's report time against the server's receipt", () => {
  it('keeps a time within the live window (round trip, clock offset, a retry)', () => {
    expect(believedReportTime(received - W, received, [{ from: 0, to: null }])).toEqual({ at: received - W, rebased: null });
  });

  it('re-bases a late report for a time the desk was connected on this connection to receipt minus the window', () => {
    // "answered" claimed 20 s back, sent over a connection open all along: an agent shaping its FRT, or a skewed clock.
    expect(believedReportTime(received - 20_000, received, [{ from: received - 60_000, to: null }])).toEqual({ at: received - W, rebased: 'late-while-connected' });
  });

  it("keeps the time of a replay from the outbox: what happened while the desk had no connection (and within the window of the old one's end)", () => {
    const spells = [
      { from: received - 600_000, to: received - 300_000 },
      { from: received - 1_000, to: null },
    ];
    expect(believedReportTime(received - 200_000, received, spells)).toEqual({ at: received - 200_000, rebased: null });
    expect(believedReportTime(received - 300_000 - W + 1, received, spells)).toEqual({ at: received - 300_000 - W + 1, rebased: null });
  });

  it("re-bases a replayed time from when the old connection was demonstrably alive to that connection's end minus the window", () => {
    const spells = [
      { from: received - 600_000, to: received - 300_000 },
      { from: received - 1_000, to: null },
    ];
    expect(believedReportTime(received - 400_000, received, spells)).toEqual({ at: received - 300_000 - W, rebased: 'late-while-connected' });
  });

  it('believes times from before any connection this server knows of (a restart, another instance)', () => {
    expect(believedReportTime(received - 3_600_000, received, [{ from: received - 60_000, to: null }])).toEqual({ at: received - 3_600_000, rebased: null });
  });

  it("takes the server's time for one ahead of it, flagged when further ahead than the window", () => {
    expect(believedReportTime(received + 10, received, [])).toEqual({ at: received, rebased: null });
    expect(believedReportTime(received + W + 1, received, [])).toEqual({ at: received, rebased: 'ahead-of-server' });
  });
});
