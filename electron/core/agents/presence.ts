import type { Kysely } from 'kysely';
import type { AgentState, AgentStatus } from '../../../shared/contract/schemas/agent';
import type { Database } from '../db/schema';
import type { EventHub } from '../hub/event-hub';
import type { Projection } from '../log/projection-runner';

/**
 * Presence as a projection of the log: every agent's latest state, loaded at start and then
 * followed event by event. Who is available (the demo line, the board) reads it here; writers
 * never do — they read the desk inside their own transaction.
 */
export function createPresence(db: Kysely<Database>, hub: EventHub) {
  const live = new Map<number, AgentStatus>();

  return {
    async load(): Promise<void> {
      const latest = await db
        .selectFrom('agent_state_changes as s')
        .select(['s.agent_id', 's.state', 's.reason', 's.at'])
        .where('s.id', 'in', (eb) => eb.selectFrom('agent_state_changes').select((e) => e.fn.max('id').as('id')).groupBy('agent_id'))
        .execute();
      for (const r of latest) live.set(r.agent_id, { agentId: r.agent_id, state: r.state as AgentState, reason: r.reason, since: r.at });
    },
    projection: {
      name: 'presence',
      apply(event) {
        if (event.type !== 'presence.changed') return;
        const status: AgentStatus = { agentId: event.agentId, ...event.data };
        live.set(event.agentId, status);
        hub.publish('agent.stateChanged', status);
      },
    } satisfies Projection,
    /** The agent's presence, if they ever signed in. */
    liveStatus: (agentId: number): AgentStatus | undefined => live.get(agentId),
    /** Everyone's latest presence, signed out included. */
    allStatuses: (): AgentStatus[] => [...live.values()],
    /** Everyone's latest presence without a copy (the routing pool walks it on every decision); do not change the map while iterating. */
    statuses: (): IterableIterator<AgentStatus> => live.values(),
    availableAgentIds: (): number[] => [...live.values()].filter((s) => s.state === 'available').map((s) => s.agentId),
  };
}

export type Presence = ReturnType<typeof createPresence>;
