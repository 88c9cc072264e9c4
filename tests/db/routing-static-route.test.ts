import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNKNOWN_DEMO_NUMBER } from '../../electron/core/seed/planted-customers';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';

// Kamailio gives up waiting for a decision after its bound (ASK_FAILED) and sends the caller down the static
// route; it reports `static-route` so Frontline stops holding and re-offering a caller it can no longer reach.
let floor: RoutingFloor;
beforeEach(async () => {
  floor = await routingFloor();
});
afterEach(async () => floor.cleanup());

async function liveReservations(): Promise<number[]> {
  const rows = await floor.core.connection.db.selectFrom('agent_desks').select('agent_id').where('reserved_until', '>', floor.clock.now).execute();
  return rows.map((r) => r.agent_id);
}

describe('a caller the PBX sent down its static route', () => {
  it('frees the agent reserved for them and is never offered again', async () => {
    const a = await floor.available('7001');
    const offered = await floor.ask('slow-1', UNKNOWN_DEMO_NUMBER);
    expect(offered).toMatchObject({ kind: 'agent', agentId: String(a) });
    expect(await liveReservations()).toEqual([a]);
    // Kamailio's ask timed out before this decision reached it: its report carries no decision id.
    await floor.core.routing.report({ callId: 'slow-1', decisionId: null, what: 'static-route' });
    expect(await liveReservations()).toEqual([]);
    floor.pushed.length = 0;
    await floor.advance(60_000);
    expect(floor.pushed.filter((p) => p.callId === 'slow-1')).toEqual([]);
    // The freed agent takes the next caller at once.
    expect(await floor.ask('next-1', UNKNOWN_DEMO_NUMBER)).toMatchObject({ kind: 'agent', agentId: String(a) });
  });

  it('frees an offer made after the wait decision the PBX last held (the report names the older decision)', async () => {
    const a = await floor.available('7001');
    await floor.ask('first-1', UNKNOWN_DEMO_NUMBER);
    const waiting = await floor.ask('queued-1', UNKNOWN_DEMO_NUMBER);
    expect(waiting.kind).toBe('wait');
    // The first caller hangs up while ringing: the agent is offered to the waiting caller in a pushed decision.
    await floor.core.routing.report({ callId: 'first-1', decisionId: null, what: 'caller-gone' });
    await floor.advance(1_000);
    const pushed = floor.pushed.find((p) => p.callId === 'queued-1');
    expect(pushed?.decision).toMatchObject({ kind: 'agent', agentId: String(a) });
    await floor.core.routing.report({ callId: 'queued-1', decisionId: waiting.decisionId, what: 'static-route' });
    expect(await liveReservations()).toEqual([]);
    floor.pushed.length = 0;
    await floor.advance(60_000);
    expect(floor.pushed.filter((p) => p.callId === 'queued-1')).toEqual([]);
  });

  it('is neither a queue abandon nor a max-wait release: no queue-only leg is written for them', async () => {
    await floor.available('7001');
    await floor.ask('first-2', UNKNOWN_DEMO_NUMBER);
    expect((await floor.ask('overflow-1', UNKNOWN_DEMO_NUMBER)).kind).toBe('wait');
    await floor.core.routing.report({ callId: 'overflow-1', decisionId: null, what: 'static-route' });
    // Past max wait: a caller still held would now be released with a queue-only leg of their own.
    await floor.advance(125_000);
    const legs = await floor.core.connection.db.selectFrom('calls').select('end_reason').where('sip_call_id', '=', 'overflow-1').execute();
    expect(legs).toEqual([]);
  });
});
