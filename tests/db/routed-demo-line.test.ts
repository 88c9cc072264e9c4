import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRoutedDemoLine } from '../../electron/core/demo/routed-demo-line';
import { PLANTED_CUSTOMERS } from '../../electron/core/seed/planted-customers';
import type { EventPayload } from '../../shared/contract/events';
import { routingFloor, type RoutingFloor } from '../support/routing-floor';

let floor: RoutingFloor;
beforeEach(async () => {
  floor = await routingFloor();
});
afterEach(async () => floor.cleanup());

const OLIVIA = PLANTED_CUSTOMERS[0]!;

describe('the demo line routes through the engine', () => {
  it('a demo caller is routed: pop pushed first, then the page is asked to ring with the decision id; the ring ends the reservation', async () => {
    const agentId = await floor.available('7001');
    const queue = (await floor.core.connection.db.selectFrom('queues').select('name').orderBy('id').executeTakeFirstOrThrow()).name;
    const order: string[] = [];
    const rings: EventPayload<'demoLine.callOffered'>[] = [];
    const off = floor.core.hub.subscribe((event, payload) => {
      if (event === 'routing.offered' || event === 'demoLine.callOffered') order.push(event);
      if (event === 'demoLine.callOffered') rings.push(payload as EventPayload<'demoLine.callOffered'>);
    });
    const line = createRoutedDemoLine({ hub: floor.core.hub, routing: floor.core.routing, nextCaller: async () => ({ e164: OLIVIA.phones[0]!.e164, displayName: 'Olivia Bennett', queue }), now: () => floor.clock.now, seed: 1, onError: (e) => { throw e; } });
    const d = await line.arrive();
    expect(d.kind).toBe('agent');
    expect(order).toEqual(['routing.offered', 'demoLine.callOffered']);
    expect(rings[0]).toMatchObject({ agentId, routeId: d.decisionId, queue });
    expect(line.waiting()).toBe(1);

    // The page's softphone reports the ringing call: the agent is ringing, the router's reservation ends.
    const r = await floor.core.dispatch('calls.report', { callKey: randomUUID(), eventId: randomUUID(), at: floor.clock.now, event: { type: 'offered', direction: 'inbound', callerE164: OLIVIA.phones[0]!.e164, withheld: false, callerDisplay: null, queue, waitedMs: 0, queueCallId: rings[0]?.contactId ?? null, sipCallId: 'page-leg', customerId: OLIVIA.id } }, floor.agents.get('7001')!.ctx);
    expect(r.ok).toBe(true);
    await floor.core.settled();
    await floor.core.routing.idle();
    expect(line.waiting()).toBe(0);
    const held = await floor.core.connection.db.selectFrom('agent_desks').select('reserved_decision').where('agent_id', '=', agentId).executeTakeFirstOrThrow();
    expect(held.reserved_decision).toBeNull();
    line.stop();
    off();
  });
});
