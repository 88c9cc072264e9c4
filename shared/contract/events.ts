import { type z } from 'zod';
import { agentStatus, sessionEnded } from './schemas/agent';
import { boardDelta } from './schemas/board';
import { demoCall } from './schemas/demo-line';
import { figuresChanged } from './schemas/metrics';
import { callbackOffered, routeOfferEnded, routeOffered } from './schemas/routing';
import { routeDecided } from './schemas/pbx';

/** Every event the core pushes, named `domain.pastTense`. */
export const events = {
  /** To the agent concerned (their own windows) only. */
  'agent.stateChanged': agentStatus,
  /** To a connection whose session the server ended (signed out elsewhere, taken over, revoked, demoted): it is signed out now. */
  'session.ended': sessionEnded,
  /** To connections that subscribed to the board (supervisors, wallboards). */
  'board.delta': boardDelta,
  /** The built-in demo line asks the agent's page to ring with this caller (no PBX configured). */
  'demoLine.callOffered': demoCall,
  /** To the agent the router reserved: the caller's pop, before the PBX rings them (X-Frontline-Route carries decisionId). */
  'routing.offered': routeOffered,
  /** To the same agent when that offer is over (answered, missed, declined, the caller gone, lapsed): a pop still waiting for its INVITE goes. */
  'routing.offerEnded': routeOfferEnded,
  /** To the agent reserved for a callback task: call this customer back (a caller released at a queue's max wait). */
  'routing.callbackOffered': callbackOffered,
  /** To the agent concerned only: their figures for today changed; the desk reads them again (metrics.query). */
  'metrics.figuresChanged': figuresChanged,
  /** To PBX principals only: a later decision for a caller waiting in a queue. */
  'routing.decided': routeDecided,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
