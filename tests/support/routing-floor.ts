import type { SqliteStore } from '../../electron/core/db/store';
import type { Core } from '../../electron/core/create-core';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { EventPayload } from '../../shared/contract/events';
import type { RouteDecision, RouteRequest } from '../../shared/domain/routing/route-protocol';
import { FIXTURE_ANCHOR, seededCore, signedInContext } from './seeded-core';

/** A seeded core whose clock the test moves, with agents signed in and the routing pops and pushed decisions captured. */
export interface RoutingFloor {
  core: Core<SqliteStore>;
  clock: { now: number };
  agents: Map<string, { id: number; ctx: CallContext }>;
  pops: EventPayload<'routing.offered'>[];
  pushed: { callId: string; decision: RouteDecision }[];
  /** Sign an extension in and make it available at the clock's time. */
  available(extension: string): Promise<number>;
  ask(callId: string, number: string | null, more?: Partial<RouteRequest>): Promise<RouteDecision>;
  advance(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

export async function routingFloor(customers = 300): Promise<RoutingFloor> {
  const clock = { now: FIXTURE_ANCHOR };
  const seeded = await seededCore(customers, () => clock.now);
  const core = seeded.core;
  const agents = new Map<string, { id: number; ctx: CallContext }>();
  const pops: EventPayload<'routing.offered'>[] = [];
  const pushed: { callId: string; decision: RouteDecision }[] = [];
  const offHub = core.hub.subscribe((event, payload) => {
    if (event === 'routing.offered') pops.push(payload as EventPayload<'routing.offered'>);
  });
  const offDecisions = core.routing.onDecision((callId, decision) => pushed.push({ callId, decision }));
  return {
    core,
    clock,
    agents,
    pops,
    pushed,
    async available(extension) {
      const ctx = agents.get(extension)?.ctx ?? (await signedInContext(core, extension));
      const r = await core.dispatch('agent.setState', { state: 'available' }, ctx);
      if (!r.ok) throw new Error(r.error.message);
      const id = ctx.session.agent?.id ?? 0;
      agents.set(extension, { id, ctx });
      await core.settled();
      return id;
    },
    ask: (callId, number, more = {}) => core.routing.ask({ callId, caller: { number, displayName: null }, queue: null, ...more }),
    async advance(ms) {
      clock.now += ms;
      await core.routing.reconsider();
    },
    async cleanup() {
      offHub();
      offDecisions();
      await seeded.cleanup();
    },
  };
}
