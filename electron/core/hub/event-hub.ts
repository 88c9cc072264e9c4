import type { EventName, EventPayload } from '../../../shared/contract/events';

export type HubListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * In-process fan-out of contract events to every host binding (IPC windows, WebSocket clients).
 * Listeners are isolated: one that throws does not stop delivery to the others.
 */
export function createEventHub(onListenerError: (error: unknown) => void = () => {}) {
  const listeners = new Set<HubListener>();
  return {
    publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const listener of listeners) {
        try {
          listener(event, payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener: HubListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get listenerCount(): number {
      return listeners.size;
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
