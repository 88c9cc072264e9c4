import { describe, expect, it } from 'vitest';
import { TodayCache } from '../../../electron/core/metrics/today-cache';
import { callerIndexKeys } from '../../../shared/domain/metrics/caller';
import { DEFAULT_METRIC_SETTINGS, type AgentStateChange, type CallLeg } from '../../../shared/domain/metrics/types';
import { leg, state, t } from './builders';
import { seededRandom } from '../../support/seeded-random';

const DAY = { from: t(0), to: t(86_400) };
const NOW = t(40_000);


/** What an agent's numbers depend on, found the slow way over every leg (the rule TodayCache indexes). */
function bruteLegsAround(legs: readonly CallLeg[], agentId: number): number[] {
  const contactsOf = (ids: Set<number>) => {
    const keys = new Set(legs.filter((l) => ids.has(l.id)).map((l) => l.contactKey));
    return new Set(legs.filter((l) => keys.has(l.contactKey)).map((l) => l.id));
  };
  const own = contactsOf(new Set(legs.filter((l) => l.agentId === agentId).map((l) => l.id)));
  const callerKeys = new Set(legs.filter((l) => own.has(l.id)).flatMap((l) => callerIndexKeys(l)));
  const withCallers = new Set([...own, ...legs.filter((l) => callerIndexKeys(l).some((k) => callerKeys.has(k))).map((l) => l.id)]);
  return [...contactsOf(withCallers)].sort((a, b) => a - b);
}

describe('TodayCache (the day kept compact in the board worker, ADR 0064)', () => {
  it('keeps one entry per leg in every index however often a call event sends the leg again', () => {
    const cache = new TodayCache(DAY, [], []);
    for (let id = 1; id <= 50; id++) {
      const first = leg(id, { contactKey: String(id), agentId: id % 5, callerE164: `+4479000000${id}`, offeredAt: t(id) });
      cache.changeLegs([first]);
      cache.changeLegs([{ ...first, answeredAt: t(id + 5) }]);
      cache.changeLegs([{ ...first, answeredAt: t(id + 5), endedAt: t(id + 60) }]);
      cache.changeLegs([{ ...first, answeredAt: t(id + 5), endedAt: t(id + 60), wrapUpEndedAt: t(id + 90), resolved: true }]);
    }
    expect(cache.entries()).toMatchObject({ legs: 50, agents: 5, contacts: 0, customers: 0, numbers: 50 });
    expect(cache.input(NOW, DEFAULT_METRIC_SETTINGS).legs.find((l) => l.id === 7)).toMatchObject({ wrapUpEndedAt: t(97), resolved: true });
  });

  it('keeps nothing under a leg’s old agent, contact and caller once the leg moved to new ones', () => {
    const before = leg(1, { contactKey: 'pbx-1', agentId: 3, customerId: 40, callerE164: '+441111', offeredAt: t(10) });
    const cache = new TodayCache(DAY, [before], []);
    cache.changeLegs([{ ...before, contactKey: 'pbx-2', agentId: 4, customerId: 41, callerE164: '+442222' }]);
    expect(cache.entries()).toMatchObject({ legs: 1, agents: 1, contacts: 1, customers: 1, numbers: 1 });
    expect(cache.inputForAgents([3], NOW, DEFAULT_METRIC_SETTINGS).legs).toEqual([]);
    expect(cache.inputForAgents([4], NOW, DEFAULT_METRIC_SETTINGS).legs.map((l) => l.id)).toEqual([1]);
    cache.changeLegs([{ ...before, contactKey: '1', agentId: null, customerId: null, callerE164: null, withheld: true }]);
    expect(cache.entries()).toMatchObject({ legs: 1, agents: 0, contacts: 0, customers: 0, numbers: 0 });
  });

  it('gives each agent exactly the legs a brute force over the whole day finds around them, after legs moved', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const pick = (n: number) => Math.floor(random() * n);
      const legs = new Map<number, CallLeg>();
      const cache = new TodayCache(DAY, [], []);
      for (let step = 0; step < 400; step++) {
        const id = 1 + pick(120);
        const roll = random();
        // Own keys, a key borrowed from another leg (a transfer), or a PBX contact id; shared callers by customer and by number.
        const contactKey = roll < 0.5 ? String(id) : roll < 0.75 ? String(1 + pick(120)) : `pbx-${pick(30)}`;
        const next = leg(id, {
          contactKey,
          agentId: random() < 0.1 ? null : pick(8),
          customerId: random() < 0.5 ? null : pick(15),
          callerE164: random() < 0.2 ? null : `+44${pick(20)}`,
          withheld: random() < 0.1,
          offeredAt: t(step),
          answeredAt: random() < 0.7 ? t(step + 3) : null,
          holds: random() < 0.2 ? [{ start: t(step + 4), end: t(step + 9) }] : [],
        });
        legs.set(id, next);
        cache.changeLegs([next]);
      }
      const all = [...legs.values()];
      expect([...cache.input(NOW, DEFAULT_METRIC_SETTINGS).legs].sort((a, b) => a.id - b.id)).toEqual(all.sort((a, b) => a.id - b.id));
      for (let agentId = 0; agentId < 8; agentId++) {
        expect(cache.inputForAgents([agentId], NOW, DEFAULT_METRIC_SETTINGS).legs.map((l) => l.id), `seed ${seed}, agent ${agentId}`).toEqual(bruteLegsAround(all, agentId));
      }
    }
  });

  it('hands back presence in the order it came, the whole day or some agents’ own', () => {
    const changes: AgentStateChange[] = [state(2, 'available', t(1)), state(1, 'available', t(2)), state(2, 'ringing', t(3)), state(1, 'break', t(4)), state(2, 'on-call', t(5))];
    const cache = new TodayCache(DAY, [], changes.slice(0, 2));
    for (const change of changes.slice(2)) cache.addState(change);
    expect(cache.allStates()).toEqual(changes);
    expect(cache.inputForAgents([2, 1], NOW, DEFAULT_METRIC_SETTINGS).states).toEqual([changes[0], changes[2], changes[4], changes[1], changes[3]]);
    expect(cache.entries().states).toBe(5);
  });

  it('asks for the surroundings of a leg new here whose contact began before the day, once', () => {
    // A withheld caller (no history to load) queued before midnight; an earlier leg of the contact ended before the day was loaded.
    const cache = new TodayCache(DAY, [], []);
    const late = leg(5, { contactKey: 'pbx-x', withheld: true, callerE164: null, queuedAt: t(-120), offeredAt: t(30) });
    expect(cache.changeLegs([late]).needHistory).toEqual([5]);
    expect(cache.changeLegs([{ ...late, answeredAt: t(33) }]).needHistory).toEqual([]);
    // Queued today: every leg of the contact is offered today, so the load or the log brings them all.
    expect(cache.changeLegs([leg(6, { contactKey: 'pbx-y', withheld: true, callerE164: null, queuedAt: t(10), offeredAt: t(40) })]).needHistory).toEqual([]);
  });

  it('knows which callers’ history is loaded, by customer or by number', () => {
    const byCustomer = leg(1, { contactKey: '1', customerId: 9, callerE164: '+4411', offeredAt: t(5) });
    const byNumber = leg(2, { contactKey: '2', callerE164: '+4422', offeredAt: t(6) });
    const cache = new TodayCache(DAY, [byCustomer], []);
    expect(cache.needsHistory(byCustomer)).toBe(false);
    expect(cache.changeLegs([byNumber]).needHistory).toEqual([2]);
    cache.addHistory([], [2], [2]);
    expect(cache.needsHistory(byNumber)).toBe(false);
    expect(cache.needsHistory(leg(3, { customerId: 10 }))).toBe(true);
    expect(cache.needsHistory(leg(4, { withheld: true, callerE164: '+4422' }))).toBe(false);
  });
});
