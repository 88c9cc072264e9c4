import type { Projection } from './projection-runner';
import type { StoredEvent } from './log-event';

/** Caches of what supervisors change now and then, each able to forget what it holds. */
export interface SharedCaches {
  slaTargets: { invalidate(): void };
  routingPolicies: { invalidate(): void };
  /** An agent's account changed: routing's directory and the board's name/team for that agent. */
  agentChanged(agentId: number): void;
}

/**
 * Every instance keeps these caches in memory, and any instance may change what they hold. The
 * writer appends an event with the change; this projection, run by every instance, drops the cache
 * the event makes stale, so the next read goes to the database (the one truth) again.
 */
export function sharedCachesProjection(caches: SharedCaches): Projection {
  return {
    name: 'shared-caches',
    apply(event: StoredEvent): void {
      if (event.type === 'sla.targetSet') caches.slaTargets.invalidate();
      else if (event.type === 'routing.policySet') caches.routingPolicies.invalidate();
      else if (event.type === 'agents.changed') caches.agentChanged(event.agentId);
    },
  };
}
