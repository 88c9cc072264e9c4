import { randomUUID } from 'node:crypto';
import type { DemoCallOffer } from '../../../shared/contract/schemas/demo-line';
import type { RouteDecision } from '../../../shared/domain/routing/route-protocol';
import type { RoutingService } from '../routing/routing-service';
import { routedContactKey } from '../routing/queue-legs';
import type { EventHub } from '../hub/event-hub';
import { seededRandom } from '../seed/random';
import { demoTalkS } from './demo-timing';

/** A demo caller waiting or ringing, until an agent's phone takes the call or they give up. */
interface DemoCaller {
  offer: Omit<DemoCallOffer, 'agentId' | 'waitedSeconds'>;
  queuedAt: number;
  patience: NodeJS.Timeout;
  decision: { decisionId: string; agentId: number } | null;
}

export interface RoutedDemoLineDeps {
  hub: EventHub;
  routing: Pick<RoutingService, 'ask' | 'report' | 'onDecision'>;
  /** The next caller of the demo mix (named customers, random ones, unknown, withheld). */
  nextCaller: () => Promise<Omit<DemoCallOffer, 'agentId' | 'waitedSeconds' | 'talkSeconds'>>;
  now: () => number;
  seed?: number;
  onError: (error: unknown) => void;
}

/** Demo callers hang up after waiting this long on average (exponential), so queue abandons show too. */
const MEAN_PATIENCE_MS = 90_000;

/**
 * The demo line through the routing engine (issue 13 item 7): callers arrive at the centre and are
 * routed like PBX callers — the engine reserves an agent and pushes the pop, then the agent's page
 * is asked to ring with the decision id (its in-page PBX sets X-Frontline-Route), so `npm start`
 * shows queues, waiting callers, sticky and VIP routing and the pop before the ring without a PBX.
 */
export function createRoutedDemoLine({ hub, routing, nextCaller, now, seed = Date.now(), onError }: RoutedDemoLineDeps) {
  const r = seededRandom(seed);
  const callers = new Map<string, DemoCaller>();

  function ring(callId: string, d: RouteDecision): void {
    const c = callers.get(callId);
    if (c === undefined) return;
    if (d.kind === 'agent') {
      const agentId = Number(d.agentId);
      c.decision = { decisionId: d.decisionId, agentId };
      hub.publish('demoLine.callOffered', { ...c.offer, agentId, waitedSeconds: Math.round((now() - c.queuedAt) / 1000), routeId: d.decisionId, contactId: routedContactKey(callId) });
    } else if (d.kind === 'release' || d.kind === 'reject') {
      clearTimeout(c.patience);
      callers.delete(callId);
    }
  }

  const offDecisions = routing.onDecision((callId, d) => ring(callId, d));
  // The agent's phone took the call (ringing, then talking): the PBX's "answered" for the router.
  const offHub = hub.subscribe((event, payload) => {
    if (event !== 'agent.stateChanged') return;
    const { agentId, state } = payload as { agentId: number; state: string };
    if (state !== 'ringing' && state !== 'on-call') return;
    for (const [callId, c] of callers) {
      if (c.decision?.agentId !== agentId) continue;
      clearTimeout(c.patience);
      callers.delete(callId);
      void routing.report({ callId, decisionId: c.decision.decisionId, what: 'answered' }).catch(onError);
    }
  });

  return {
    /** One caller arrives at the centre and is routed. */
    async arrive(): Promise<RouteDecision> {
      const callId = `demo-${randomUUID()}`;
      const caller = await nextCaller();
      const patienceMs = Math.round(-Math.log(1 - r.unit()) * MEAN_PATIENCE_MS);
      const patience = setTimeout(() => {
        if (!callers.delete(callId)) return;
        void routing.report({ callId, decisionId: null, what: 'caller-gone' }).catch(onError);
      }, patienceMs);
      patience.unref?.();
      callers.set(callId, { offer: { ...caller, talkSeconds: demoTalkS(r) }, queuedAt: now(), patience, decision: null });
      const d = await routing.ask({ callId, caller: { number: caller.e164, displayName: caller.displayName }, queue: caller.queue });
      ring(callId, d);
      return d;
    },
    /** Callers waiting or ringing now. */
    waiting: () => callers.size,
    stop(): void {
      offDecisions();
      offHub();
      for (const c of callers.values()) clearTimeout(c.patience);
      callers.clear();
    },
  };
}
