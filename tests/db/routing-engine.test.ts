import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLANTED_CUSTOMERS, UNKNOWN_DEMO_NUMBER } from '../../electron/core/seed/planted-customers';
import { routedContactKey } from '../../electron/core/routing/queue-legs';
import { ROUTE_HEADER } from '../../shared/domain/routing/route-protocol';
import { inbound, report } from '../support/call-reports';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';
import { supervisorContext } from '../support/seeded-core';

const OLIVIA = PLANTED_CUSTOMERS[0]!;
const DECLAN = PLANTED_CUSTOMERS[3]!;

let floor: RoutingFloor;
beforeEach(async () => {
  floor = await routingFloor();
});
afterEach(async () => floor.cleanup());

async function threeAgents(): Promise<number[]> {
  const ids: number[] = [];
  for (const ext of ['7001', '7002', '7003']) {
    ids.push(await floor.available(ext));
    floor.clock.now += 1_000;
  }
  return ids;
}

async function liveReservations(): Promise<{ agent_id: number; reserved_decision: string | null }[]> {
  return floor.core.connection.db.selectFrom('agent_desks').select(['agent_id', 'reserved_decision']).where('reserved_until', '>', floor.clock.now).execute();
}

describe('routing engine (real SQLite)', () => {
  it('offers callers to the longest idle agents first, then makes the next caller wait', async () => {
    const [a, b, c] = await threeAgents();
    const d1 = await floor.ask('call-1', UNKNOWN_DEMO_NUMBER);
    const d2 = await floor.ask('call-2', UNKNOWN_DEMO_NUMBER);
    const d3 = await floor.ask('call-3', null);
    const d4 = await floor.ask('call-4', null);
    expect([d1, d2, d3].map((d) => (d.kind === 'agent' ? Number(d.agentId) : d.kind))).toEqual([a, b, c]);
    expect(d4).toMatchObject({ kind: 'wait', position: 1 });
    expect((await liveReservations()).map((r) => r.agent_id).sort()).toEqual([a, b, c].sort());
  });

  it('pushes the pop to the reserved desk before the decision resolves, and the decision id is what the INVITE carries', async () => {
    const [a] = await threeAgents();
    let popsWhenResolved = -1;
    const d = await floor.ask('call-pop', OLIVIA.phones[0]!.e164).then((x) => {
      popsWhenResolved = floor.pops.length;
      return x;
    });
    expect(d.kind).toBe('agent');
    expect(popsWhenResolved).toBe(1);
    expect(floor.pops[0]).toMatchObject({ agentId: a, sipCallId: 'call-pop', decisionId: d.decisionId });
    expect(floor.pops[0]?.lookup?.customers[0]?.id).toBe(OLIVIA.id);
    expect(ROUTE_HEADER).toBe('X-Frontline-Route');
  });

  it('a declined offer goes to the next agent, never back to the one who declined', async () => {
    const [a, b] = await threeAgents();
    const first = await floor.ask('call-d', null);
    expect(first).toMatchObject({ kind: 'agent', agentId: String(a) });
    const next = await floor.ask('call-d', null, { previous: { decisionId: first.decisionId, outcome: 'declined' } });
    expect(next).toMatchObject({ kind: 'agent', agentId: String(b) });
    expect((await liveReservations()).map((r) => r.agent_id)).toEqual([b]);
  });

  it('ring-all reserves every free agent, pushes each a pop and names the others to ring in parallel', async () => {
    const [a, b, c] = await threeAgents();
    const sup = await supervisorContext(floor.core);
    expect((await floor.core.dispatch('routing.setQueue', { queueId: null, policy: { strategy: 'ring-all' } }, sup)).ok).toBe(true);
    const d = await floor.ask('call-all', null);
    expect(d).toMatchObject({ kind: 'agent', agentId: String(a), alsoRing: [{ agentId: String(b) }, { agentId: String(c) }] });
    expect(floor.pops.map((p) => p.agentId).sort()).toEqual([a, b, c].sort());
    await floor.core.routing.report({ callId: 'call-all', decisionId: d.decisionId, what: 'answered' });
    expect(await liveReservations()).toEqual([]);
  });

  it('a freed agent is pushed to the waiting caller', async () => {
    await floor.available('7001');
    const first = await floor.ask('call-x', null);
    const waiting = await floor.ask('call-y', null);
    expect(waiting.kind).toBe('wait');
    await floor.core.routing.report({ callId: 'call-x', decisionId: first.decisionId, what: 'answered' });
    await floor.core.routing.idle();
    expect(floor.pushed.map((p) => [p.callId, p.decision.kind])).toEqual([['call-y', 'agent']]);
  });

  it('a repeat caller reaches the agent who served them last, and someone else after the sticky timeout when that agent is busy', async () => {
    const [a, b] = await threeAgents();
    await floor.core.connection.db
      .insertInto('calls')
      .values({ direction: 'inbound', agent_id: b, customer_id: DECLAN.id, caller_e164: DECLAN.phones[0]!.e164, caller_withheld: 0, queued_at: floor.clock.now - 3600_000, offered_at: floor.clock.now - 3600_000, answered_at: floor.clock.now - 3590_000, ended_at: floor.clock.now - 3500_000 })
      .execute();
    const sticky = await floor.ask('call-s1', DECLAN.phones[0]!.e164);
    expect(sticky).toMatchObject({ kind: 'agent', agentId: String(b) });
    expect(floor.pops.at(-1)).toMatchObject({ agentId: b, sticky: true });
    // b is now held: Declan calls again on another line and waits for b, then goes to a.
    const again = await floor.ask('call-s2', DECLAN.phones[0]!.e164);
    expect(again.kind).toBe('wait');
    await floor.advance(16_000);
    expect(floor.pushed.find((p) => p.callId === 'call-s2')?.decision).toMatchObject({ kind: 'agent', agentId: String(a) });
  });

  it('a VIP caller is served before callers who waited longer', async () => {
    await floor.available('7001');
    const busy = await floor.ask('call-busy', null);
    await floor.core.connection.db.insertInto('customer_tags').values({ customer_id: OLIVIA.id, tag: 'VIP', call_id: null, at: floor.clock.now }).execute();
    expect((await floor.ask('call-plain', UNKNOWN_DEMO_NUMBER)).kind).toBe('wait');
    floor.clock.now += 5_000;
    const vip = await floor.ask('call-vip', OLIVIA.phones[0]!.e164);
    expect(vip).toMatchObject({ kind: 'wait', position: 1 });
    await floor.core.routing.report({ callId: 'call-busy', decisionId: busy.decisionId, what: 'answered' });
    await floor.core.routing.idle();
    expect(floor.pushed[0]).toMatchObject({ callId: 'call-vip', decision: { kind: 'agent' } });
  });

  it('past max wait the caller is released and counted as a queue-only leg', async () => {
    await floor.available('7001');
    await floor.ask('call-hold', null);
    expect((await floor.ask('call-long', UNKNOWN_DEMO_NUMBER)).kind).toBe('wait');
    await floor.advance(121_000);
    const released = floor.pushed.find((p) => p.callId === 'call-long');
    expect(released?.decision).toMatchObject({ kind: 'release', reason: 'max-wait' });
    const leg = await floor.core.connection.db.selectFrom('calls').selectAll().where('sip_call_id', '=', 'call-long').executeTakeFirstOrThrow();
    expect(leg).toMatchObject({ agent_id: null, offered_at: null, end_reason: 'released-max-wait', contact_key: routedContactKey('call-long') });
  });

  it('a caller who hangs up while waiting is a queue-only abandon; reservations never leak', async () => {
    await floor.available('7001');
    const held = await floor.ask('call-r', null);
    await floor.ask('call-w', UNKNOWN_DEMO_NUMBER);
    await floor.core.routing.report({ callId: 'call-w', decisionId: null, what: 'caller-gone' });
    await floor.core.routing.report({ callId: 'call-r', decisionId: held.decisionId, what: 'caller-gone' });
    const leg = await floor.core.connection.db.selectFrom('calls').selectAll().where('sip_call_id', '=', 'call-w').executeTakeFirstOrThrow();
    expect(leg).toMatchObject({ agent_id: null, end_reason: 'caller-cancelled', caller_e164: UNKNOWN_DEMO_NUMBER });
    expect(leg.abandoned_at).not.toBeNull();
    expect(await liveReservations()).toEqual([]);
  });

  it('a caller whose CANCEL crossed the offer (no desk got the INVITE) is still a queue-only abandon; one a desk rang is written by that desk only', async () => {
    await threeAgents();
    const crossed = await floor.ask('call-crossed', UNKNOWN_DEMO_NUMBER);
    const rang = await floor.ask('call-rang', UNKNOWN_DEMO_NUMBER);
    if (crossed.kind !== 'agent' || rang.kind !== 'agent') throw new Error('expected two offers');
    // The second desk got its INVITE: it reports the leg under the caller's contact, as the softphone does.
    const desk = [...floor.agents.values()].find((a) => String(a.id) === rang.agentId);
    await report(floor.core, desk!.ctx, 'leg-rang', inbound(UNKNOWN_DEMO_NUMBER, { sipCallId: 'call-rang', queueCallId: routedContactKey('call-rang') }), floor.clock.now);
    const leftAt = floor.clock.now;
    await floor.core.routing.report({ callId: 'call-crossed', decisionId: null, what: 'caller-gone' });
    await floor.core.routing.report({ callId: 'call-rang', decisionId: null, what: 'caller-gone' });
    const legs = (callId: string) => floor.core.connection.db.selectFrom('calls').select(['agent_id', 'end_reason', 'abandoned_at']).where('contact_key', '=', routedContactKey(callId)).execute();
    // A desk's report may still be on its way: nothing is written before the reservation margin has passed.
    await floor.advance(4_000);
    expect(await legs('call-crossed')).toEqual([]);
    await floor.advance(2_000);
    expect(await legs('call-crossed')).toEqual([{ agent_id: null, end_reason: 'caller-cancelled', abandoned_at: leftAt }]);
    // The leg still says who called, though the engine no longer holds the caller's record by then.
    const caller = await floor.core.connection.db.selectFrom('calls').select(['caller_e164', 'caller_withheld', 'customer_id', 'sip_call_id']).where('contact_key', '=', routedContactKey('call-crossed')).executeTakeFirst();
    expect(caller).toEqual({ caller_e164: UNKNOWN_DEMO_NUMBER, caller_withheld: 0, customer_id: null, sip_call_id: 'call-crossed' });
    expect((await legs('call-rang')).map((l) => l.agent_id)).toEqual([Number(rang.agentId)]);
    expect(await liveReservations()).toEqual([]);
  });

  it('hostile requests get clear answers and reserve nobody', async () => {
    await floor.available('7001');
    expect(await floor.ask('', null)).toMatchObject({ kind: 'reject', status: 400 });
    expect(await floor.ask('x'.repeat(300), null)).toMatchObject({ kind: 'reject', status: 400 });
    expect(await floor.ask('ok-id', null, { queue: 'No such queue' })).toMatchObject({ kind: 'reject', status: 404 });
    expect(await floor.ask('weird', '\u0000<script>'.repeat(50), { caller: { number: '\u0000<script>'.repeat(50), displayName: '\u202e'.repeat(500) } })).toMatchObject({ kind: 'agent' });
    expect((await liveReservations()).length).toBe(1);
  });

  it("names the queue as it is stored, whatever the PBX's spelling, on the pop and in the waiting list", async () => {
    await floor.available('7001');
    expect(await floor.ask('call-shouted', null, { queue: 'SALES' })).toMatchObject({ kind: 'agent' });
    expect(floor.pops.at(-1)).toMatchObject({ sipCallId: 'call-shouted', queue: 'Sales' });
    // Nobody else free: the next caller waits, listed under the stored name too.
    expect(await floor.ask('call-whispered', null, { queue: 'sales' })).toMatchObject({ kind: 'wait' });
    expect(floor.core.routing.waiting().find((w) => w.sipCallId === 'call-whispered')).toMatchObject({ queue: 'Sales' });
  });

  it('with nobody signed in the caller is released at once', async () => {
    expect(await floor.ask('call-empty', null)).toMatchObject({ kind: 'release', reason: 'no-agents' });
  });

  it('when the first agents in order were all taken by another router, the next in order is reserved and the refusals recorded', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await floor.available(`71${String(i).padStart(2, '0')}`));
      floor.clock.now += 1_000;
    }
    // Another instance holds the six longest idle (its reservations are on the desks, not in this process).
    const taken = ids.slice(0, 6);
    await floor.core.connection.db
      .updateTable('agent_desks')
      .set({ reserved_call: 'elsewhere', reserved_decision: 'other-router', reserved_until: floor.clock.now + 60_000 })
      .where('agent_id', 'in', taken)
      .execute();
    const d = await floor.ask('call-rest', null);
    expect(d).toMatchObject({ kind: 'agent', agentId: String(ids[6]) });
    const row = await floor.core.connection.db.selectFrom('route_decisions').select('detail').where('decision_id', '=', d.decisionId).executeTakeFirstOrThrow();
    expect((JSON.parse(row.detail) as { excluded: unknown[] }).excluded).toEqual(taken.map((agentId) => ({ agentId, why: 'reserved' })));
  });

  it('records every decision with its step and reasons, by the SIP Call-ID', async () => {
    await threeAgents();
    const d = await floor.ask('call-log', null);
    const rows = await floor.core.connection.db.selectFrom('route_decisions').selectAll().where('sip_call_id', '=', 'call-log').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ decision_id: d.decisionId, kind: 'agent', step: 'bullseye 1/3' });
    const events = await floor.core.connection.db.selectFrom('events').select('type').where('type', '=', 'routing.decided').execute();
    expect(events).toHaveLength(1);
  });
});
