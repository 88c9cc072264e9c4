import { describe, expect, it } from 'vitest';
import { computeByAgent, computeMetrics } from '../../../shared/domain/metrics/engine';
import { DEFAULT_METRIC_SETTINGS, type AgentStateChange, type CallLeg, type MetricName } from '../../../shared/domain/metrics/types';
import { DAY, HOUR, T0, input, leg, state, t } from './builders';

const agents = (...ids: number[]) => ({ kind: 'agents' as const, agentIds: new Set(ids) });

describe('computeMetrics', () => {
  // Customer 5 reaches agent 1 (queue 10), who transfers to agent 2 (queue 11); the customer calls
  // back 10 min after the transferred call ended and gets agent 3.
  const transfer = [
    // handle 150 − 5 = 145 s; ASA wait 5 − 0 = 5 s
    leg(1, { contactKey: 'x', customerId: 5, agentId: 1, queueId: 10, queuedAt: t(0), offeredAt: t(0), answeredAt: t(5), endedAt: t(120), wrapUpEndedAt: t(150), resolved: false }),
    // handle 430 − 125 = 305 s
    leg(2, { contactKey: 'x', customerId: 5, agentId: 2, queueId: 11, transferredFromLegId: 1, offeredAt: t(115), answeredAt: t(125), endedAt: t(400), wrapUpEndedAt: t(430), resolved: true }),
    // 1000 − 400 = 600 s = 10 min after the end: within the 15 min grace. handle 1120 − 1008 = 112 s; ASA wait 8 s
    leg(3, { customerId: 5, agentId: 3, queueId: 10, queuedAt: t(1000), offeredAt: t(1000), answeredAt: t(1008), endedAt: t(1100), wrapUpEndedAt: t(1120), resolved: true }),
  ];

  it('counts a transferred call as one handle per agent but one contact, its FCR going to the last agent', () => {
    const all = computeMetrics(input(transfer), { kind: 'all' });
    // handles 145 + 305 + 112 = 562 s / 3
    expect(all.aht_s).toMatchObject({ numerator: 562_000, denominator: 3, value: 562_000 / 3 / 1000 });
    // contacts x (5 s) and leg 3's (8 s): 13 / 2 = 6.5 s
    expect(all.asa_s).toMatchObject({ value: 6.5, denominator: 2, callIds: [1, 2, 3] });
    // x is the only first contact (leg 3 came within W of it) and the call back is forgiven: 1 / 1
    expect(all.fcr_pct).toMatchObject({ numerator: 1, denominator: 1, callIds: [1, 2] });

    const first = computeMetrics(input(transfer), agents(1));
    expect(first.handled.value).toBe(1);
    expect(first.asa_s.value).toBe(5); // agent 1 answered x first
    expect(first.fcr_pct.denominator).toBe(0); // but agent 2 ended it

    const last = computeMetrics(input(transfer), agents(2));
    expect(last.aht_s.value).toBe(305);
    expect(last.asa_s.value).toBeNull();
    expect(last.fcr_pct).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('scopes a queue by each leg for handles and by the contact’s first leg for ASA and FCR', () => {
    const q10 = computeMetrics(input(transfer), { kind: 'queue', queueId: 10 });
    expect(q10.handled.callIds).toEqual([1, 3]); // leg 2 was handled in queue 11
    expect(q10.asa_s.denominator).toBe(2);
    expect(q10.fcr_pct.denominator).toBe(1);
    const q11 = computeMetrics(input(transfer), { kind: 'queue', queueId: 11 });
    expect(q11.handled.callIds).toEqual([2]);
    expect(q11.asa_s.denominator).toBe(0); // contact x belongs to queue 10
    expect(q11.occupancy_pct).toMatchObject({ value: null, denominator: 0 });
    expect(q11.occupancy_pct.formula).toContain('per agent');
  });

  it('has no abandon rate for agents: an abandoned call has no agent', () => {
    const m = computeMetrics(input([leg(1, { queuedAt: t(0), offeredAt: t(0), abandonedAt: t(30) })]), agents(1));
    expect(m.abandon_pct).toMatchObject({ value: null, denominator: 0 });
    expect(m.abandon_pct.formula).toContain('queue metric');
  });

  it('counts a withheld caller in AHT and ASA but not in FCR', () => {
    // answered after 4 s, wrap-up ended at 200 s → handle 196 s
    const m = computeMetrics(
      input([leg(1, { withheld: true, queuedAt: t(0), offeredAt: t(0), answeredAt: t(4), endedAt: t(180), wrapUpEndedAt: t(200), resolved: true })]),
      { kind: 'all' },
    );
    expect(m.aht_s.value).toBe(196);
    expect(m.asa_s.value).toBe(4);
    expect(m.fcr_pct).toMatchObject({ value: null, denominator: 0, pending: 0 });
  });

  it('leaves a call without a wrap-up out of AHT but counts it in FRT and ASA, and FCR pending', () => {
    // offered and queued at 0 s, answered at 6 s, ended at 60 s, no wrap-up yet
    const m = computeMetrics(input([leg(1, { customerId: 1, queuedAt: t(0), offeredAt: t(0), answeredAt: t(6), endedAt: t(60) })]), { kind: 'all' });
    expect(m.handled.value).toBe(0);
    expect(m.aht_s.value).toBeNull();
    expect(m.agent_frt_s.value).toBe(6);
    expect(m.asa_s.value).toBe(6);
    expect(m.fcr_pct).toMatchObject({ value: null, pending: 1 });
  });
});

/** mulberry32: a small seeded generator so the fixture is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** About 500 legs over eight days around a two-day range: repeats on both sides, transfers, holds, abandons. */
function simulatedMonthSlice(): { legs: CallLeg[]; states: AgentStateChange[] } {
  const r = random(20261123);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const legs: CallLeg[] = [];
  let id = 0;
  for (let c = 0; c < 400; c += 1) {
    const key = `k${c}`;
    const start = T0 - 3 * DAY + int(0, 8 * DAY);
    const who = r();
    const caller: Partial<CallLeg> =
      who < 0.05 ? { withheld: true } : who < 0.6 ? { customerId: int(1, 150), callerE164: `+4477009${int(10000, 10099)}` } : { callerE164: `+4477009${int(10000, 10099)}` };
    const base: Partial<CallLeg> = { contactKey: key, queueId: int(10, 12), queuedAt: start, ...caller };
    const outcome = r();
    if (outcome < 0.15) {
      legs.push(leg(++id, { ...base, agentId: r() < 0.5 ? null : int(1, 8), offeredAt: start, abandonedAt: start + int(0, 40_000) }));
      continue;
    }
    if (outcome < 0.2) {
      legs.push(leg(++id, { ...base, agentId: int(1, 8), offeredAt: start }));
      continue;
    }
    if (r() < 0.2) legs.push(leg(++id, { ...base, agentId: int(1, 8), offeredAt: start + 1000, unanswered: r() < 0.5 ? 'missed' : 'declined' }));
    const offeredAt = start + int(0, 20_000);
    const answeredAt = offeredAt + int(0, 15_000);
    const endedAt = answeredAt + int(10_000, 600_000);
    const wrapped = r() < 0.9;
    const answer = leg(++id, {
      ...base,
      agentId: int(1, 8),
      offeredAt,
      answeredAt,
      holds: r() < 0.3 ? [{ start: answeredAt + 5000, end: r() < 0.2 ? null : answeredAt + int(5000, 900_000) }] : [],
      endedAt,
      wrapUpEndedAt: wrapped ? endedAt + int(0, 120_000) : null,
      resolved: wrapped ? r() < 0.7 : null,
    });
    legs.push(answer);
    if (r() < 0.15) {
      const transferAnswered = endedAt - 5000;
      legs.push(
        leg(++id, {
          ...base,
          queueId: int(10, 12),
          queuedAt: null,
          agentId: int(1, 8),
          transferredFromLegId: answer.id,
          offeredAt: transferAnswered - 3000,
          answeredAt: transferAnswered,
          endedAt: transferAnswered + int(10_000, 300_000),
          wrapUpEndedAt: transferAnswered + int(310_000, 400_000),
          resolved: r() < 0.8,
        }),
      );
    }
    if (r() < 0.1) {
      legs.push(leg(++id, { direction: 'outbound', agentId: int(1, 8), answeredAt: start + HOUR, endedAt: start + HOUR + 60_000, wrapUpEndedAt: start + HOUR + 90_000 }));
    }
  }
  const states: AgentStateChange[] = [];
  const kinds: AgentStateChange['state'][] = ['available', 'on-call', 'wrap-up', 'break', 'offline', 'ringing'];
  for (let agent = 1; agent <= 9; agent += 1) {
    for (let at = T0 - DAY + int(0, HOUR); at < T0 + 3 * DAY; at += int(10 * 60_000, 4 * HOUR)) {
      states.push(state(agent, kinds[int(0, kinds.length - 1)] ?? 'offline', at));
    }
  }
  return { legs, states };
}

describe('computeByAgent', () => {
  const { legs, states } = simulatedMonthSlice();
  const fixture = input(legs, {
    states,
    range: { from: T0, to: T0 + 2 * DAY },
    now: T0 + 1.5 * DAY, // mid-range: occupancy stops at now, some windows still open
    settings: { ...DEFAULT_METRIC_SETTINGS, fcrWindowMs: 2 * DAY },
  });

  it('gives every agent in the legs or the presence log exactly what computeMetrics gives that agent alone', () => {
    const byAgent = computeByAgent(fixture);
    expect([...byAgent.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]); // agent 9 only has presence
    for (const [agentId, metrics] of byAgent) {
      expect(metrics).toEqual(computeMetrics(fixture, agents(agentId)));
    }
    // the fixture exercises the interesting paths
    const totals = [...byAgent.values()];
    expect(totals.some((m) => (m.fcr_pct.denominator ?? 0) > 0 && m.fcr_pct.numerator < m.fcr_pct.denominator)).toBe(true);
    expect(totals.some((m) => (m.fcr_pct.pending ?? 0) > 0)).toBe(true);
    expect(totals.every((m) => m.occupancy_pct.denominator > 0)).toBe(true);
  });

  it('adds agents up to the team figure for sums such as handled and occupancy', () => {
    const byAgent = computeByAgent(fixture);
    const team = computeMetrics(fixture, agents(1, 2, 3));
    const sum = (name: MetricName, part: 'numerator' | 'denominator') => [1, 2, 3].reduce((s, a) => s + (byAgent.get(a)?.[name][part] ?? 0), 0);
    expect(team.handled.numerator).toBe(sum('handled', 'numerator'));
    expect(team.occupancy_pct.numerator).toBe(sum('occupancy_pct', 'numerator'));
    expect(team.occupancy_pct.denominator).toBe(sum('occupancy_pct', 'denominator'));
  });

  it('labels every result with its own name and lists its calls ascending without duplicates', () => {
    for (const [name, result] of Object.entries(computeMetrics(fixture, { kind: 'all' }))) {
      expect(result.metric).toBe(name);
      expect(result.callIds).toEqual([...new Set(result.callIds)].sort((a, b) => a - b));
    }
  });
});
