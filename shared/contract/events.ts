import { type z } from 'zod';
import { agentStatus } from './schemas/agent';

/** Every event the core pushes, named `domain.pastTense`. */
export const events = {
  'agent.stateChanged': agentStatus,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
