import type { StoredEvent } from '../log/log-event';
import type { Projection } from '../log/projection-runner';
import { SESSION_ENDED_MESSAGES } from './desk-sessions';
import type { LiveSessions } from './live-sessions';
import type { ConnectionPresence } from '../agents/connection-presence';

export const WALLBOARD_REVOKED = 'This wallboard link was revoked.';

/**
 * Sessions and wallboard links end in the database, on whichever instance a supervisor (or a
 * take-over) ended them; the connections may be held by another instance. Each instance applies the
 * announcement to the connections it holds: told why, then treated as nobody. The instance that
 * ended them already did so, and ending again finds nothing. A session bound anywhere stops the
 * clock another instance may be running since that agent's connection to it was lost.
 */
export function liveEndingsProjection(live: LiveSessions, connectionPresence: Pick<ConnectionPresence, 'cancel'>): Projection {
  return {
    name: 'live-endings',
    apply(event: StoredEvent): void {
      if (event.type === 'sessions.bound') {
        if (live.connectionCount(event.agentId) === 0) connectionPresence.cancel(event.agentId);
      } else if (event.type === 'sessions.ended') {
        const { sessionIds, reason } = event.data;
        live.end(event.agentId, { reason, message: SESSION_ENDED_MESSAGES[reason] }, { sessionIds });
      } else if (event.type === 'wallboard.revoked') {
        live.endWallboard(event.data.tokenId, { reason: 'revoked', message: WALLBOARD_REVOKED });
      }
    },
  };
}
