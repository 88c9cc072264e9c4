import { describe, expect, it } from 'vitest';
import { agentOccupancy, occupancyResult } from '../../../shared/domain/metrics/occupancy';
import { HOUR_ONE, leg, state, t } from './builders';

// Agent 1 over hour one (0–3600 s): available from before the hour, break 1200–1500 s,
// offline 2400–2700 s. Logged in 3600 − 300 (offline) = 3300 s; minus 300 s break = 3000 s.
const states = [
  state(1, 'available', t(-600)),
  state(1, 'break', t(1200)),
  state(1, 'available', t(1500)),
  state(1, 'on-call', t(2000)),
  state(1, 'offline', t(2400)),
  state(1, 'available', t(2700)),
];

const legs = [
  leg(1, { answeredAt: t(100), endedAt: t(600), wrapUpEndedAt: t(700) }), // 100–700 s
  leg(2, { answeredAt: t(500), endedAt: t(800), wrapUpEndedAt: t(900) }), // 500–900 s, overlaps leg 1
  leg(7, { answeredAt: t(200), endedAt: t(250), wrapUpEndedAt: t(300) }), // 200–300 s, inside leg 1: adds nothing
  leg(3, { direction: 'outbound', answeredAt: t(2000), endedAt: t(2250), wrapUpEndedAt: t(2300) }), // 2000–2300 s
  leg(4, { answeredAt: t(3400), holds: [{ start: t(3500), end: t(3700) }], endedAt: t(3800), wrapUpEndedAt: t(4000) }), // 3400–4000 s
  leg(5, { offeredAt: t(1000), unanswered: 'missed' }), // never answered: never busy
];

describe('agentOccupancy', () => {
  it('divides busy time, overlaps once and clipped at the range end, by logged-in time minus break', () => {
    const share = agentOccupancy(legs, states, HOUR_ONE, t(7200));
    // busy: 100–900 (legs 1 ∪ 2 ∪ 7) = 800 s; 2000–2300 = 300 s; 3400–3600 (clipped) = 200 s → 1300 s
    expect(share).toEqual({ busyMs: 1_300_000, staffedMs: 3_000_000, callIds: [1, 2, 3, 4, 7] });
    // 1300 / 3000 = 43.3%
    const result = occupancyResult([share]);
    expect(result).toMatchObject({ numerator: 1_300_000, denominator: 3_000_000, value: 130_000_000 / 3_000_000 });
    expect(result.formula).toBe('occupancy = busy while staffed (talk + hold + ACW, overlaps once) / (logged in − break − disconnected) = 1300.0 s / 3000.0 s = 43.3%');
  });

  it('stops at now, and counts a call still open as busy until now', () => {
    const open = leg(6, { answeredAt: t(1700) }); // not ended, no wrap-up: busy 1700 s → now
    const share = agentOccupancy([...legs, open], states, HOUR_ONE, t(1800));
    // range 0–1800 s: logged in 1800 s − break 300 s = 1500 s; busy 800 + (1800 − 1700) = 900 s → 60%
    expect(share).toEqual({ busyMs: 900_000, staffedMs: 1_500_000, callIds: [1, 2, 6, 7] });
    expect(occupancyResult([share]).value).toBe(60);
  });

  it('treats an agent with no state before the range as offline until the first change', () => {
    // logs in at 1800 s: 3600 − 1800 = 1800 s staffed; a change at exactly `from` applies from `from`
    expect(agentOccupancy([], [state(2, 'available', t(1800))], HOUR_ONE, t(7200)).staffedMs).toBe(1_800_000);
    expect(agentOccupancy([], [state(2, 'available', t(0))], HOUR_ONE, t(7200)).staffedMs).toBe(3_600_000);
    // a break still running at the end of the range: 0–3000 s staffed
    expect(agentOccupancy([], [state(2, 'available', t(0)), state(2, 'break', t(3000))], HOUR_ONE, t(7200)).staffedMs).toBe(3_000_000);
  });

  it('is empty when the range has not started by now', () => {
    expect(occupancyResult([agentOccupancy(legs, states, HOUR_ONE, t(-1))])).toMatchObject({ value: null, denominator: 0 });
  });
});

describe('occupancyResult', () => {
  it('sums busy and staffed time over agents rather than averaging their percentages', () => {
    // agent 1: 1300 / 3000 s; agent 2: 360 / 3600 s → (1300 + 360) / (3000 + 3600) = 1660 / 6600 = 25.2%
    const agent2 = agentOccupancy(
      [leg(10, { agentId: 2, answeredAt: t(60), endedAt: t(400), wrapUpEndedAt: t(420) })],
      [state(2, 'available', t(0))],
      HOUR_ONE,
      t(7200),
    );
    const team = occupancyResult([agentOccupancy(legs, states, HOUR_ONE, t(7200)), agent2]);
    expect(team).toMatchObject({ numerator: 1_660_000, denominator: 6_600_000, value: 166_000_000 / 6_600_000, callIds: [1, 2, 3, 4, 7, 10] });
  });
});
