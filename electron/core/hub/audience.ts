import type { EventName, EventPayload } from '../../../shared/contract/events';
import type { Session } from '../dispatch/call-context';

/**
 * Who receives which event. Decided in the core, so no host can leak one agent's events to
 * another or board data to an agent: an agent gets their own state, demo calls, offers and word that their figures changed; boards
 * (supervisors and wallboards that subscribed) get board deltas.
 */
export function mayReceive<E extends EventName>(session: Session, event: E, payload: EventPayload<E>): boolean {
  switch (event) {
    case 'agent.stateChanged':
    case 'demoLine.callOffered':
    case 'routing.offered':
    case 'routing.offerEnded':
    case 'routing.callbackOffered':
    case 'metrics.figuresChanged':
      return session.agent !== null && session.agent.id === (payload as { agentId: number }).agentId;
    case 'board.delta':
      // Checked again here, not only at subscribe: the connection may have changed hands since.
      return session.boardSubscribed && (session.wallboard !== null || session.agent?.role === 'supervisor');
    case 'routing.decided':
      return session.pbx !== null;
    default:
      return false;
  }
}
