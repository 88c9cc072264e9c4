import { describe, expect, it } from 'vitest';
import { contactOutcome, groupContacts } from '../../../shared/domain/metrics/contacts';
import { leg, t } from './builders';

describe('groupContacts', () => {
  it('times a contact from its original legs only: a transfer leg never restarts the clock', () => {
    const [contact] = groupContacts([
      // rang agent 1 from 0 s (queued at −30 s per the PBX), rang out at 20 s
      leg(1, { contactKey: 'q1', queuedAt: t(-30), offeredAt: t(0), unanswered: 'missed', agentId: 1, queueId: 10 }),
      // rang agent 2, answered at 25 s
      leg(2, { contactKey: 'q1', queuedAt: t(-30), offeredAt: t(20), answeredAt: t(25), endedAt: t(100), agentId: 2, queueId: 10 }),
      // agent 2 transferred to agent 3 (queue 11), answered at 95 s, ended at 300 s
      leg(3, { contactKey: 'q1', transferredFromLegId: 2, queuedAt: t(90), offeredAt: t(90), answeredAt: t(95), endedAt: t(300), agentId: 3, queueId: 11 }),
    ]);
    expect(contact).toMatchObject({
      queued: t(-30),
      answered: t(25),
      abandoned: null,
      queueId: 10,
      answeredBy: 2,
      hasTransfer: true,
      ended: t(300),
    });
    expect(contact?.lastAnswered?.id).toBe(3);
    expect(contact && contactOutcome(contact)).toBe('answered');
  });

  it('uses offeredAt when there is no queue stamp, and the latest abandon when nobody answered', () => {
    const [contact] = groupContacts([
      leg(1, { contactKey: 'q2', offeredAt: t(5), unanswered: 'missed', abandonedAt: t(12) }),
      leg(2, { contactKey: 'q2', offeredAt: t(3), abandonedAt: t(15) }),
    ]);
    expect(contact).toMatchObject({ queued: t(3), answered: null, abandoned: t(15), answeredBy: null });
    expect(contact && contactOutcome(contact)).toBe('abandoned');
  });

  it('is waiting while neither answered nor abandoned, and ignores outbound legs', () => {
    const contacts = groupContacts([leg(1, { offeredAt: t(0) }), leg(2, { direction: 'outbound', answeredAt: t(0) })]);
    expect(contacts).toHaveLength(1);
    expect(contacts[0] && contactOutcome(contacts[0])).toBe('waiting');
  });

  it('keys the customer by customer id when any leg is matched, else by caller number', () => {
    const [matched, unmatched, anonymous] = groupContacts([
      leg(1, { contactKey: 'a', callerE164: '+447700900001' }),
      leg(2, { contactKey: 'a', callerE164: '+447700900001', customerId: 42, transferredFromLegId: 1 }),
      leg(3, { contactKey: 'b', callerE164: '+447700900002' }),
      leg(4, { contactKey: 'c', withheld: true }),
    ]);
    expect(matched?.customerKey).toBe('customer:42');
    expect(unmatched?.customerKey).toBe('number:+447700900002');
    expect(anonymous).toMatchObject({ customerKey: null, withheld: true });
  });
});
