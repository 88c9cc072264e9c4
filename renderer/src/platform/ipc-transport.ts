import type { Result } from '../../../shared/contract/result';
import type { EventFrame } from '../../../shared/contract/wire';
import { listenerSet, type ConnectionState, type Transport } from './transport';

/** window.frontline as exposed by electron/preload (kept structural so the renderer never imports Node-side code). */
export interface BridgeLike {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

export function createIpcTransport(bridge: BridgeLike): Transport {
  const states = listenerSet<ConnectionState>();
  return {
    kind: 'ipc',
    request: (method, params) => bridge.call(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
    onConnectionState(listener) {
      listener('open');
      return states.add(listener);
    },
    close: () => undefined,
  };
}
