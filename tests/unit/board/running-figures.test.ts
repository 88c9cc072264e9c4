import { describe, expect, it } from 'vitest';
import { aggregateFigures, type AggregateRequest } from '../../../electron/core/board/aggregate-figures';
import { createAggregateReplica } from '../../../electron/core/board/aggregate-replica';
import type { FromWorker } from '../../../electron/core/board/aggregate-messages';
import { TodayCache } from '../../../electron/core/metrics/today-cache';
import { DEFAULT_METRIC_SETTINGS, type CallLeg, type MetricSettings } from '../../../shared/domain/metrics/types';
import { leg, MIN, HOUR, DAY } from '../metrics/builders';
import { seededRandom } from '../../support/seeded-random';


const FROM = Date.UTC(2026, 10, 2);
const RANGE = { from: FROM, to: FROM + DAY };

/**
 * A floor of a few agents, queues and repeat callers, told to the board's replica the way the
 * metrics service tells the worker (changed legs in batches, a new caller's history) while the
 * clock moves on; every turn the replica's running figures are compared with the whole-day
 * computation over the same legs.
 */
function floor(seed: number, settings: MetricSettings, maxCallIds: number, turns: number, historyAfterATurn = false) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const replica = createAggregateReplica();
  const reference = new TodayCache(RANGE, [], []);
  replica({ kind: 'changes', changes: [{ kind: 'reset', range: RANGE, legs: [], states: [] }] });
  let now = FROM + 8 * HOUR;
  let nextId = 1000;
  let historyId = 1;
  const legs = new Map<number, CallLeg>();
  const open: number[] = [];
  const knownCallers = new Set<string>();
  const at = (offsetMs: number) => now + offsetMs + (random() < 0.05 ? Math.floor(random() * 3000) + 1 : 0); // a writer's clock a little ahead now and then
  const send = (changed: CallLeg[]) => {
    if (changed.length === 0) return;
    const reply = replica({ kind: 'legs', id: 1, legs: changed });
    reference.changeLegs(changed);
    expect(reply).not.toHaveProperty('error');
  };
  const history = (fresh: CallLeg) => {
    const key = fresh.customerId !== null ? `c${fresh.customerId}` : `n${fresh.callerE164}`;
    if (fresh.withheld || knownCallers.has(key)) return;
    knownCallers.add(key);
    const older: CallLeg[] = [];
    for (let i = 0; i < Math.floor(random() * 3); i++) {
      const id = historyId++;
      const start = FROM - Math.floor(random() * 9 * DAY) + Math.floor(random() * 4 * HOUR);
      older.push(
        leg(id, {
          contactKey: String(id),
          agentId: 1 + Math.floor(random() * 6),
          queueId: pick([1, 2, 3]),
          customerId: fresh.customerId,
          callerE164: fresh.callerE164,
          queuedAt: start,
          offeredAt: start + 3000,
          answeredAt: start + 9000,
          endedAt: start + 90_000,
          wrapUpEndedAt: start + 120_000,
          resolved: random() < 0.7,
        }),
      );
    }
    replica({ kind: 'history', id: 2, legs: older, loadedFor: [fresh.id], around: [fresh.id] });
    reference.addHistory(older, [fresh.id], [fresh.id]);
  };
  const newLeg = (fields: Partial<CallLeg>): CallLeg => {
    const id = nextId++;
    const l = leg(id, { contactKey: String(id), agentId: 1 + Math.floor(random() * 8), offeredAt: at(0), ...fields });
    legs.set(id, l);
    open.push(id);
    return l;
  };
  const results: { running: unknown; full: unknown }[] = [];
  for (let turn = 0; turn < turns; turn++) {
    now += Math.floor(random() * 40_000) + 1000;
    const changed: CallLeg[] = [];
    /** New callers whose history comes only after a turn computed with their legs (the metrics service reads it after sending the legs). */
    const late: CallLeg[] = [];
    // New callers: some customers, some numbers, a few withheld; some queued under a PBX contact id shared by a requeue.
    for (let n = Math.floor(random() * 3); n > 0; n--) {
      const withheld = random() < 0.05;
      const customerId = !withheld && random() < 0.6 ? 1 + Math.floor(random() * 60) : null;
      const callerE164 = withheld ? null : `+442079460${100 + Math.floor(random() * 40)}`;
      const queued = at(-Math.floor(random() * 20_000));
      const l = newLeg({ customerId, callerE164, withheld, queueId: pick([1, 2, 3, null]), queuedAt: random() < 0.8 ? queued : null, contactKey: random() < 0.3 ? `pbx-${nextId}` : String(nextId) });
      changed.push(l);
      if (historyAfterATurn) late.push(l);
      else history(l);
    }
    // Calls move on: answered, declined or rang out (offered again elsewhere), abandoned, held, ended, transferred, wrapped up.
    for (const id of [...open]) {
      const l = legs.get(id) as CallLeg;
      const roll = random();
      let next: CallLeg | null = null;
      if (l.answeredAt === null && l.abandonedAt === null && l.unanswered === null) {
        if (roll < 0.4) next = { ...l, answeredAt: at(0) };
        else if (roll < 0.5) next = { ...l, unanswered: random() < 0.5 ? 'declined' : 'missed', endedAt: at(0) };
        else if (roll < 0.6) next = { ...l, abandonedAt: at(0), endedAt: at(0) };
        if (next?.unanswered != null) changed.push(newLeg({ contactKey: l.contactKey, customerId: l.customerId, callerE164: l.callerE164, withheld: l.withheld, queueId: l.queueId, queuedAt: l.queuedAt }));
      } else if (l.answeredAt !== null && l.endedAt === null) {
        if (roll < 0.2 && l.holds.length === 0) next = { ...l, holds: [{ start: at(0), end: random() < 0.5 ? null : at(5000) }] };
        else if (roll < 0.5) {
          next = { ...l, endedAt: at(0) };
          if (random() < 0.15) {
            changed.push(newLeg({ contactKey: l.contactKey, transferredFromLegId: l.id, customerId: l.customerId, callerE164: l.callerE164, withheld: l.withheld, queueId: l.queueId }));
          }
        }
      } else if (l.answeredAt !== null && l.wrapUpEndedAt === null) {
        if (roll < 0.5) next = { ...l, wrapUpEndedAt: at(0), resolved: random() < 0.1 ? null : random() < 0.75 };
      }
      // Now and then the agent links the caller to a customer after the call.
      if (next === null && l.customerId === null && !l.withheld && roll > 0.97) next = { ...l, customerId: 1 + Math.floor(random() * 60) };
      if (next === null) continue;
      legs.set(id, next);
      changed.push(next);
      if (next.wrapUpEndedAt !== null || next.abandonedAt !== null || next.unanswered !== null) open.splice(open.indexOf(id), 1);
    }
    send(changed);
    if (late.length > 0) {
      results.push(compute(turn));
      for (const l of late) history(l);
    }
    results.push(compute(turn));
  }
  return { results, builds: replica.builds() };

  function compute(turn: number): { running: unknown; full: unknown } {
    const request: AggregateRequest = {
      now,
      settings,
      queues: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
      teams: [
        { id: 1, agentIds: [1, 2, 3, 4] },
        { id: 2, agentIds: [5, 6, 7, 8, 5] },
        { id: 3, agentIds: [] },
      ],
      staffing: { intervalMs: 30 * MIN, serviceLevelPct: 80, thresholdS: 20 },
      trendBucketMs: turn % 3 === 0 ? 15 * MIN : null,
      maxCallIds,
    };
    const reply = replica({ kind: 'compute', id: 3, request }) as FromWorker;
    expect(reply).not.toHaveProperty('error');
    return { running: (reply as { figures: unknown }).figures, full: aggregateFigures(reference, request) };
  }
}

describe("the board's running figures (ADR 0075: kept up to date per change, not recomputed over the day each turn)", () => {
  const cases: [string, MetricSettings, number][] = [
    ['default settings, drill-down lists of 1,000 calls', DEFAULT_METRIC_SETTINGS, 1000],
    ['drill-down lists cut to 7 calls (ids leave the cut list)', DEFAULT_METRIC_SETTINGS, 7],
    [
      'a 2-hour repeat window, short abandons excluded, transfers within 5 minutes not repeats',
      { ...DEFAULT_METRIC_SETTINGS, fcrWindowMs: 2 * HOUR, transferGraceMs: 5 * MIN, abandonTreatment: 'exclude-short', excludeShortAbandonsFromAbandonRate: false },
      50,
    ],
    ['abandons always failed', { ...DEFAULT_METRIC_SETTINGS, abandonTreatment: 'failed' }, 1000],
  ];
  for (const [name, settings, cap] of cases) {
    it(`equal the whole day's figures after every one of 300 turns of changes: ${name}`, () => {
      for (const seed of [1, 2, 3]) {
        const { results, builds } = floor(seed, settings, cap, 300);
        // Turns are answered from the running totals: the day is gone over again only now and then (an id left a full list, or the rare clock ahead).
        expect(builds, `seed ${seed}: builds`).toBeLessThan(10);
        results.forEach(({ running, full }, turn) => expect({ seed, turn, figures: running }).toEqual({ seed, turn, figures: full }));
        // Not a test of nothing: the floor counted calls in every figure.
        const last = results.at(-1)?.full as ReturnType<typeof aggregateFigures>;
        expect(last.centre.figures.handled?.value).toBeGreaterThan(50);
        expect(last.centre.figures.fcr_pct?.denominator).toBeGreaterThan(10);
        expect(last.centre.figures.abandon_pct?.numerator).toBeGreaterThan(0);
      }
    });
  }

  it("equal the whole day's figures when a new caller's history comes after a turn computed with the caller's new call", () => {
    for (const seed of [1, 2, 3]) {
      const { results } = floor(seed, DEFAULT_METRIC_SETTINGS, 1000, 300, true);
      results.forEach(({ running, full }, turn) => expect({ seed, turn, figures: running }).toEqual({ seed, turn, figures: full }));
    }
  });

  it('go over the whole day once, not at every turn', () => {
    const replica = createAggregateReplica();
    const legs = Array.from({ length: 200 }, (_, i) => leg(i + 1, { contactKey: String(i + 1), offeredAt: FROM + HOUR + i * MIN, answeredAt: FROM + HOUR + i * MIN + 5000 }));
    replica({ kind: 'changes', changes: [{ kind: 'reset', range: RANGE, legs, states: [] }] });
    const request = (now: number): AggregateRequest => ({
      now,
      settings: DEFAULT_METRIC_SETTINGS,
      queues: [{ id: 10 }],
      teams: [{ id: 1, agentIds: [1] }],
      staffing: { intervalMs: 30 * MIN, serviceLevelPct: 80, thresholdS: 20 },
      trendBucketMs: 15 * MIN,
      maxCallIds: 1000,
    });
    let now = FROM + 5 * HOUR;
    for (let i = 0; i < 20; i++) {
      const id = i + 1;
      replica({ kind: 'legs', id: 1, legs: [{ ...(legs[i] as CallLeg), endedAt: now, wrapUpEndedAt: now + 1000, resolved: true }] });
      now += 2000;
      replica({ kind: 'compute', id: 2 + id, request: request(now) });
    }
    expect(replica.builds()).toBe(1);
  });
});
