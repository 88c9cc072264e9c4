import type { Result } from '../../../shared/contract/result';
import type { EventFrame } from '../../../shared/contract/wire';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** How the renderer reaches the core: Electron IPC, WebSocket, or in-process. Picked once at start. */
export interface Transport {
  readonly kind: 'ipc' | 'ws' | 'memory';
  request(method: string, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** A tiny listener set shared by the transports. */
export function listenerSet<T>() {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener: (value: T) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(value: T): void {
      for (const l of listeners) l(value);
    },
  };
}
