import type { Result } from '../../../shared/contract/result';
import type { EventFrame } from '../../../shared/contract/wire';
import { listenerSet, type ConnectionState, type Transport } from './transport';

/** An in-process endpoint: the core's dispatch bound to one session, and its event feed. */
export interface InProcessEndpoint {
  dispatch(method: string, params: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** For tests and embedding: same client code, no serialisation boundary except a structured clone (as IPC does). */
export function createMemoryTransport(endpoint: InProcessEndpoint): Transport {
  const states = listenerSet<ConnectionState>();
  let seq = 0;
  return {
    kind: 'memory',
    request: async (method, params) => structuredClone(await endpoint.dispatch(method, structuredClone(params))),
    onEvent: (listener) =>
      endpoint.subscribe((event, payload) => {
        const frame: EventFrame = { event, seq: ++seq, payload: structuredClone(payload) };
        listener(frame);
      }),
    onConnectionState(listener) {
      listener('open');
      return states.add(listener);
    },
    close: () => undefined,
  };
}
