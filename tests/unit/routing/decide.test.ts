import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rank, type AgentCandidate } from '../../../shared/domain/routing/candidates';
import { byPriority, decide, estimatedWaitSec, nextChangeSec, RING_ALL_MAX, type DecisionInput } from '../../../shared/domain/routing/decide';
import { DEFAULT_QUEUE_POLICY, proficiencies, STRATEGIES, type QueuePolicy } from '../../../shared/domain/routing/queue-policy';

const agent = (agentId: number, more: Partial<AgentCandidate> = {}): AgentCandidate => ({ agentId, idleSince: 1000 * agentId, callsToday: 0, lastOfferedAt: 0, skills: [], languages: [], queueIds: [], ...more });
const input = (more: Partial<DecisionInput> = {}): DecisionInput => ({ policy: DEFAULT_QUEUE_POLICY, queueId: 1, waitedSec: 0, sticky: null, free: [], tried: new Set(), staffed: 1, ...more });
const policy = (more: Partial<QueuePolicy>): QueuePolicy => ({ ...DEFAULT_QUEUE_POLICY, ...more });

describe('routing decision', () => {
  it('longest idle offers the agent available the longest', () => {
    expect(decide(input({ free: [agent(3), agent(1), agent(2)] }))).toMatchObject({ kind: 'offer', agentIds: [1, 2, 3] });
  });

  it('fewest calls, round robin and ring-all order as named', () => {
    const free = [agent(1, { callsToday: 5, lastOfferedAt: 30 }), agent(2, { callsToday: 1, lastOfferedAt: 20 }), agent(3, { callsToday: 3, lastOfferedAt: 10 })];
    expect(rank('fewest-calls', free).map((a) => a.agentId)).toEqual([2, 3, 1]);
    expect(rank('round-robin', free).map((a) => a.agentId)).toEqual([3, 2, 1]);
    expect(decide(input({ policy: policy({ strategy: 'ring-all' }), free }))).toMatchObject({ kind: 'offer', agentIds: [1, 2, 3] });
  });

  it('a free sticky agent is offered first, a busy one is waited for until the sticky timeout, an away one is not', () => {
    const free = [agent(1), agent(2)];
    expect(decide(input({ free, sticky: { agentId: 2, where: 'free' } }))).toMatchObject({ kind: 'offer', step: 'sticky', agentIds: [2] });
    expect(decide(input({ free, sticky: { agentId: 9, where: 'busy' } }))).toMatchObject({ kind: 'wait', step: 'sticky' });
    expect(decide(input({ free, sticky: { agentId: 9, where: 'busy' }, waitedSec: 15 }))).toMatchObject({ kind: 'offer', agentIds: [1, 2] });
    expect(decide(input({ free, sticky: { agentId: 9, where: 'away' } }))).toMatchObject({ kind: 'offer', agentIds: [1, 2] });
    expect(decide(input({ free, sticky: { agentId: 2, where: 'free' }, tried: new Set([2]) }))).toMatchObject({ kind: 'offer', agentIds: [1] });
  });

  it('the bullseye widens: skills at proficiency 3, then any proficiency, then any queue', () => {
    const p = policy({ skills: ['billing'], language: 'fr' });
    const novice = agent(1, { skills: ['billing:1'], languages: ['fr'], queueIds: [1] });
    const outsider = agent(2, { queueIds: [7] });
    const expert = agent(3, { skills: ['Billing:5'], languages: ['FR:4'], queueIds: [1] });
    expect(decide(input({ policy: p, free: [novice, outsider] }))).toMatchObject({ kind: 'wait' });
    expect(decide(input({ policy: p, free: [novice, outsider, expert] }))).toMatchObject({ kind: 'offer', agentIds: [3] });
    expect(decide(input({ policy: p, free: [novice, outsider], waitedSec: 30 }))).toMatchObject({ kind: 'offer', agentIds: [1] });
    expect(decide(input({ policy: p, free: [novice, outsider], waitedSec: 60 }))).toMatchObject({ kind: 'offer', agentIds: [1, 2] });
  });

  it('past max wait the caller is released; with nobody staffed at once', () => {
    expect(decide(input({ waitedSec: 120, free: [agent(1)] }))).toMatchObject({ kind: 'release', reason: 'max-wait' });
    expect(decide(input({ staffed: 0 }))).toMatchObject({ kind: 'release', reason: 'no-agents' });
  });

  it('never offers an agent the call was already offered to', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 12 }), fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 12 }), fc.nat(200), (freeIds, triedIds, waited) => {
        const plan = decide(input({ free: freeIds.map((id) => agent(id)), tried: new Set(triedIds), waitedSec: waited }));
        if (plan.kind === 'offer') expect(plan.agentIds.some((id) => triedIds.includes(id))).toBe(false);
      }),
    );
  });

  it('an offer limited to the first k agents lists exactly the first k of the whole order, with the same reasons', () => {
    const candidate = fc.record({
      agentId: fc.integer({ min: 1, max: 60 }),
      idleSince: fc.integer({ min: 0, max: 5 }),
      callsToday: fc.integer({ min: 0, max: 3 }),
      lastOfferedAt: fc.integer({ min: 0, max: 3 }),
      queueIds: fc.constantFrom([], [1], [2]),
      skills: fc.constantFrom([], ['billing:1'], ['billing:4']),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (a) => a.agentId, maxLength: 40 }),
        fc.constantFrom(...STRATEGIES),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(0, 30, 60),
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 5 }),
        (free, strategy, limit, waited, tried) => {
          const base = input({ policy: policy({ strategy, skills: ['billing'] }), free: free.map((a) => agent(a.agentId, a)), waitedSec: waited, tried: new Set(tried) });
          const whole = decide(base);
          const first = decide({ ...base, limit });
          if (whole.kind !== 'offer') {
            expect(first).toEqual(whole);
            return;
          }
          expect(first).toEqual({ ...whole, agentIds: whole.agentIds.slice(0, limit) });
          expect(whole.agentIds.length).toBe(strategy === 'ring-all' ? Math.min(RING_ALL_MAX, whole.eligible) : whole.eligible);
        },
      ),
    );
  });

  it('VIP callers are served first, then the longest waiting', () => {
    const order = byPriority([
      { id: 'a', vip: false, queuedAt: 1 },
      { id: 'b', vip: true, queuedAt: 5 },
      { id: 'c', vip: true, queuedAt: 3 },
    ]).map((x) => x.id);
    expect(order).toEqual(['c', 'b', 'a']);
  });

  it('estimated wait is position × AHT ÷ staffed; the next change is the next rule time', () => {
    expect(estimatedWaitSec(3, 300, 2)).toBe(450);
    expect(estimatedWaitSec(1, 300, 0)).toBeNull();
    expect(nextChangeSec(DEFAULT_QUEUE_POLICY, 0, { agentId: 1, where: 'busy' })).toBe(15);
    expect(nextChangeSec(DEFAULT_QUEUE_POLICY, 16, null)).toBe(30);
  });

  it('reads skills with proficiency: plain labels are 3, the best of duplicates wins', () => {
    expect([...proficiencies(['billing', 'Fr:5', 'fr:2', 'x:9'])]).toEqual([
      ['billing', 3],
      ['fr', 5],
      ['x:9', 3],
    ]);
  });
});
