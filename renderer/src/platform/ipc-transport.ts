import type { Result } from '../../../shared/contract/result';
import type { EventFrame } from '../../../shared/contract/wire';
import type { ConnectionState, Transport } from './transport';

/** window.frontline as exposed by electron/preload (kept structural so the renderer never imports Node-side code). */
export interface BridgeLike {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
  /** The main process's link to a team server (ADR 0031); the embedded core reports 'open'. */
  onConnectionState?(listener: (state: ConnectionState) => void): () => void;
  /** Dial links the OS opened the desktop app with (absent in older preloads). */
  onDialLink?: (listener: (link: string) => void) => () => void;
}

export function createIpcTransport(bridge: BridgeLike): Transport {
  return {
    kind: 'ipc',
    request: (method, params) => bridge.call(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
    onConnectionState(listener) {
      if (bridge.onConnectionState !== undefined) return bridge.onConnectionState(listener);
      listener('open');
      return () => undefined;
    },
    close: () => undefined,
  };
}
