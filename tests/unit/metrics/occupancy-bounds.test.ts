import { describe, expect, it } from 'vitest';
import { agentOccupancy, occupancyResult } from '../../../shared/domain/metrics/occupancy';
import type { AgentStateChange, CallLeg } from '../../../shared/domain/metrics/types';
import { Random } from '../../simulation/random';
import { HOUR_ONE, leg, state, t } from './builders';

/**
 * One agent's hour as a desk lives it, disconnects included: sign-in, calls answered and wrapped
 * up, breaks, the connection lost mid-call (the core ends the leg; its wrap-up stays open while the
 * agent is Disconnected), back again, signed out and in. Times in seconds from the hour's start.
 */
function generatedHour(rnd: Random): { states: AgentStateChange[]; legs: CallLeg[] } {
  const states: AgentStateChange[] = [state(1, 'break', t(rnd.int(-300, 300)))];
  const legs: CallLeg[] = [];
  let clock = (states[0]?.at ?? t(0)) / 1000 - t(0) / 1000;
  let id = 1;
  while (clock < 3900) {
    clock += rnd.int(1, 240);
    const roll = rnd.next();
    if (roll < 0.45) {
      // A call: answered, maybe lost with the desk, wrap-up of some length.
      const answered = clock + rnd.int(0, 20);
      const ended = answered + rnd.int(5, 600);
      const wrapEnd = ended + rnd.int(0, 180);
      states.push(state(1, 'on-call', t(answered)));
      legs.push(leg(id++, { offeredAt: t(clock), answeredAt: t(answered), endedAt: t(ended), wrapUpEndedAt: rnd.next() < 0.1 ? null : t(wrapEnd) }));
      if (rnd.next() < 0.35) {
        // The connection drops during the call or its wrap-up: Disconnected, then back or Offline.
        const lost = rnd.int(answered, wrapEnd);
        states.push(state(1, 'wrap-up', t(Math.min(ended, lost))), state(1, 'disconnected', t(lost + 15)));
        const back = lost + 15 + rnd.int(1, 400);
        states.push(state(1, rnd.next() < 0.3 ? 'offline' : rnd.next() < 0.5 ? 'wrap-up' : 'break', t(back)));
        clock = back;
      } else {
        states.push(state(1, 'wrap-up', t(ended)), state(1, 'available', t(wrapEnd)));
        clock = wrapEnd;
      }
    } else if (roll < 0.7) {
      states.push(state(1, rnd.next() < 0.5 ? 'available' : 'break', t(clock)));
    } else if (roll < 0.85) {
      states.push(state(1, 'disconnected', t(clock)));
    } else {
      states.push(state(1, rnd.next() < 0.5 ? 'offline' : 'available', t(clock)));
    }
  }
  return { states, legs };
}

describe('occupancy bounds over generated hours with disconnects', () => {
  it('never passes 100 %, and busy time never exceeds staffed time, over 2,000 generated hours', () => {
    const rnd = new Random(20261201);
    for (let i = 0; i < 2_000; i++) {
      const { states, legs } = generatedHour(rnd);
      const now = t(rnd.int(0, 7200));
      const share = agentOccupancy(legs, states, HOUR_ONE, now);
      expect(share.busyMs, `hour ${i}`).toBeLessThanOrEqual(share.staffedMs);
      const value = occupancyResult([share]).value;
      if (value !== null) expect(value, `hour ${i}`).toBeLessThanOrEqual(100);
    }
  });

  it('equals a second-by-second recount of staffed and busy time over 500 generated hours', () => {
    const rnd = new Random(20261202);
    for (let i = 0; i < 500; i++) {
      const { states, legs } = generatedHour(rnd);
      const now = t(rnd.int(0, 7200));
      // Every time here is a whole second: look at each second of the hour as it was lived.
      const ordered = [...states].sort((a, b) => a.at - b.at);
      let staffed = 0;
      let busy = 0;
      for (let at = HOUR_ONE.from; at < Math.min(HOUR_ONE.to, now); at += 1000) {
        const current = ordered.filter((c) => c.at <= at).at(-1)?.state ?? 'offline';
        if (current === 'offline' || current === 'break' || current === 'disconnected') continue;
        staffed += 1000;
        if (legs.some((l) => l.answeredAt !== null && l.answeredAt <= at && at < (l.wrapUpEndedAt ?? now))) busy += 1000;
      }
      expect(agentOccupancy(legs, states, HOUR_ONE, now), `hour ${i}`).toMatchObject({ staffedMs: staffed, busyMs: busy });
    }
  });

  it('counts no staffed or busy time while Disconnected, though the dropped call’s wrap-up is still open', () => {
    const states = [state(1, 'available', t(0)), state(1, 'on-call', t(100)), state(1, 'disconnected', t(200)), state(1, 'wrap-up', t(500))];
    const share = agentOccupancy([leg(1, { answeredAt: t(100), endedAt: t(200), wrapUpEndedAt: t(560) })], states, HOUR_ONE, t(7200));
    // staffed: 0–200 and 500–3600 s; busy: 100–200 and 500–560 s
    expect(share).toMatchObject({ staffedMs: 3_300_000, busyMs: 160_000 });
  });
});
