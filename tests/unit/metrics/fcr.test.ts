import { describe, expect, it } from 'vitest';
import { groupContacts } from '../../../shared/domain/metrics/contacts';
import { fcrResult, firstContacts } from '../../../shared/domain/metrics/fcr';
import { DEFAULT_METRIC_SETTINGS, type CallLeg } from '../../../shared/domain/metrics/types';
import { DAY, HOUR, MIN, T0, leg } from './builders';

// W = 7 days, transfer grace 15 min. FCR is counted for first contacts queued on day 0.
const settings = DEFAULT_METRIC_SETTINGS;
const DAY0 = { from: T0, to: T0 + DAY };
const LATER = T0 + 30 * DAY;

/** A contact of its own, queued at T0 + offset, answered 10 s later, ended after 5 min, wrapped at 6 min, resolved. */
function answered(id: number, offset: number, fields: Partial<CallLeg> = {}): CallLeg {
  const q = T0 + offset;
  return leg(id, { queuedAt: q, offeredAt: q, answeredAt: q + 10_000, endedAt: q + 5 * MIN, wrapUpEndedAt: q + 6 * MIN, resolved: true, ...fields });
}

function abandoned(id: number, offset: number, fields: Partial<CallLeg> = {}): CallLeg {
  const q = T0 + offset;
  return leg(id, { queuedAt: q, offeredAt: q, abandonedAt: q + 30_000, ...fields });
}

const fcr = (legs: CallLeg[], now = LATER) => fcrResult(firstContacts(groupContacts(legs), settings), DAY0, now, settings);

describe('FCR', () => {
  it('fails a first contact repeated exactly 7 days later, but not one repeated on day 8', () => {
    const result = fcr([
      answered(1, HOUR, { customerId: 1 }),
      answered(2, HOUR + 7 * DAY, { customerId: 1 }), // 7 d − 0 ≤ W: repeat → contact 1 fails
      answered(3, 2 * HOUR, { customerId: 2 }),
      answered(4, 2 * HOUR + 8 * DAY, { customerId: 2 }), // 8 d > W: not a repeat → contact 3 succeeds
    ]);
    // 1 success / 2 first contacts on day 0
    expect(result).toMatchObject({ numerator: 1, denominator: 2, value: 50, callIds: [1, 3], provisional: false, pending: 0 });
    expect(result.formula).toBe('FCR = resolved first contacts with no repeat within 7 d / first contacts = 1 / 2 = 50.0%');
  });

  it('fails a first contact the agent did not mark resolved, even without a repeat', () => {
    expect(fcr([answered(1, HOUR, { customerId: 1, resolved: false })])).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
  });

  it('lets an abandoned call be a repeat but never a first contact', () => {
    const result = fcr([
      answered(1, HOUR, { customerId: 1 }),
      abandoned(2, HOUR + DAY, { customerId: 1 }), // gave up a day later: a repeat, contact 1 fails
      abandoned(3, -DAY, { customerId: 2 }), // abandoned the day before: no earlier answered contact…
      answered(4, 2 * HOUR, { customerId: 2 }), // …so contact 4 is a first contact, and succeeds
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 2, callIds: [1, 4] });
  });

  it('does not count a contact made within W of an earlier answered one as a first contact', () => {
    // answered 2 days before: contact 2 is that one's repeat, not a first contact of its own
    expect(fcr([answered(1, -2 * DAY, { customerId: 1 }), answered(2, HOUR, { customerId: 1 })])).toMatchObject({
      value: null,
      denominator: 0,
    });
  });

  it('counts an earlier answered contact exactly W before as making this one a repeat, but not one W + 1 ms before', () => {
    const result = fcr([
      answered(1, HOUR - 7 * DAY, { customerId: 1 }), // exactly 7 d before contact 2: 2 is not a first contact
      answered(2, HOUR, { customerId: 1 }),
      answered(3, 2 * HOUR - 7 * DAY - 1, { customerId: 2 }), // 7 d + 1 ms before contact 4: 4 is a first contact
      answered(4, 2 * HOUR, { customerId: 2 }),
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 1, callIds: [4] });
  });

  it('keys an unmatched caller by number, and a matched caller by customer id only', () => {
    const result = fcr([
      answered(1, HOUR, { callerE164: '+447700900001' }),
      answered(2, HOUR + 2 * DAY, { callerE164: '+447700900001' }), // same number, unmatched: repeat → 1 fails
      answered(3, 2 * HOUR, { callerE164: '+447700900002', customerId: 7 }),
      answered(4, 2 * HOUR + DAY, { callerE164: '+447700900002' }), // number key ≠ customer 7: 3 succeeds
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 2, callIds: [1, 3] });
  });

  it('leaves withheld callers out entirely: neither a first contact nor a repeat', () => {
    const result = fcr([
      answered(1, HOUR, { withheld: true }),
      answered(2, 2 * HOUR, { customerId: 9 }),
      answered(3, 2 * HOUR + DAY, { customerId: 9, withheld: true }), // matched by hand, but withheld: no repeat
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 1, callIds: [2] });
  });

  it('attributes a transferred contact to the last agent and forgives a call back within 15 min of its end', () => {
    // Agent 1 answers, transfers at 4 min to agent 2, who resolves it; the contact ends at 20 min.
    const transferred = (base: number, customerId: number, firstId: number): CallLeg[] => [
      answered(firstId, base, { customerId, agentId: 1, resolved: false, contactKey: `t${firstId}` }),
      leg(firstId + 1, {
        contactKey: `t${firstId}`,
        customerId,
        agentId: 2,
        transferredFromLegId: firstId,
        offeredAt: T0 + base + 4 * MIN,
        answeredAt: T0 + base + 4 * MIN + 5000,
        endedAt: T0 + base + 20 * MIN,
        wrapUpEndedAt: T0 + base + 21 * MIN,
        resolved: true,
      }),
    ];
    const legs = [
      ...transferred(HOUR, 1, 1),
      answered(3, HOUR + 35 * MIN, { customerId: 1 }), // 35 − 20 = 15 min after the end: ≤ grace, not a repeat
      ...transferred(2 * HOUR, 2, 4),
      answered(6, 2 * HOUR + 35 * MIN + 1000, { customerId: 2 }), // 15 min 1 s after the end: a repeat
      answered(7, 3 * HOUR, { customerId: 3 }),
      answered(8, 3 * HOUR + 15 * MIN, { customerId: 3 }), // 10 min after an untransferred call: a repeat
    ];
    const firsts = firstContacts(groupContacts(legs), settings);
    const first = firsts.find((f) => f.contact.key === 't1');
    expect(first).toMatchObject({ agentId: 2, resolved: true, queueId: 10, repeated: false });
    // successes: t1 only → 1 / 3
    expect(fcrResult(firsts, DAY0, LATER, settings)).toMatchObject({ numerator: 1, denominator: 3, callIds: [1, 2, 4, 5, 7] });
  });

  it('leaves a first contact without a wrap-up pending, out of both sides', () => {
    const result = fcr([
      answered(1, HOUR, { customerId: 1, wrapUpEndedAt: null, resolved: null }),
      answered(2, 2 * HOUR, { customerId: 2 }),
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 1, pending: 1, callIds: [2] });
    expect(result.formula).toContain('1 awaiting wrap-up');
  });

  it('is provisional while any counted or pending first contact can still be repeated', () => {
    const legs = [answered(1, HOUR, { customerId: 1 })];
    // now = 3 days after the contact: 3 d < W
    expect(fcr(legs, T0 + HOUR + 3 * DAY)).toMatchObject({ provisional: true, value: 100 });
    // now = exactly 7 days after: the window has closed
    expect(fcr(legs, T0 + HOUR + 7 * DAY).provisional).toBe(false);
    // a pending contact alone keeps it provisional too
    const pending = [answered(2, HOUR, { customerId: 2, resolved: null })];
    expect(fcr(pending, T0 + HOUR + DAY)).toMatchObject({ provisional: true, pending: 1, value: null });
  });
});
