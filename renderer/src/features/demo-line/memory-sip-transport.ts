import { TransportState, type Emitter, type Transport } from 'sip.js';

type Listener<T> = (value: T) => void;

function emitter<T>() {
  const listeners = new Set<Listener<T>>();
  const api: Emitter<T> = {
    addListener: (l, options) => {
      const wrapped: Listener<T> = options?.once === true ? (v) => (listeners.delete(wrapped), l(v)) : l;
      listeners.add(wrapped);
    },
    removeListener: (l) => {
      listeners.delete(l);
    },
    on: (l) => {
      listeners.add(l);
    },
    off: (l) => {
      listeners.delete(l);
    },
    once: (l) => {
      const wrapped: Listener<T> = (v) => {
        listeners.delete(wrapped);
        l(v);
      };
      listeners.add(wrapped);
    },
  };
  return { api, emit: (v: T) => [...listeners].forEach((l) => l(v)) };
}

/**
 * A sip.js Transport that delivers messages to a peer in the same page: the demo line's wire,
 * and the seam logic tests use. Delivery is asynchronous, like a socket.
 */
export class MemorySipTransport implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  readonly protocol = 'WS';
  private current: TransportState = TransportState.Disconnected;
  private readonly changes = emitter<TransportState>();
  private peer: MemorySipTransport | null = null;

  get state(): TransportState {
    return this.current;
  }

  get stateChange(): Emitter<TransportState> {
    return this.changes.api;
  }

  /** Wire two transports together (both directions). */
  static pair(a: MemorySipTransport, b: MemorySipTransport): void {
    a.peer = b;
    b.peer = a;
  }

  private move(next: TransportState, error?: Error): void {
    const was = this.current;
    this.current = next;
    this.changes.emit(next);
    if (next === TransportState.Connected) this.onConnect?.();
    if (was === TransportState.Connected && next === TransportState.Disconnected) this.onDisconnect?.(error);
  }

  async connect(): Promise<void> {
    if (this.current === TransportState.Connected) return;
    this.move(TransportState.Connecting);
    this.move(TransportState.Connected);
  }

  async disconnect(): Promise<void> {
    if (this.current !== TransportState.Connected) return;
    this.move(TransportState.Disconnecting);
    this.move(TransportState.Disconnected);
  }

  /** Simulate the network dropping the connection. */
  drop(): void {
    if (this.current === TransportState.Connected) this.move(TransportState.Disconnected, new Error('connection lost'));
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  isConnected(): boolean {
    return this.current === TransportState.Connected;
  }

  async send(message: string): Promise<void> {
    if (!this.isConnected()) throw new Error('not connected');
    const peer = this.peer;
    if (peer === null) throw new Error('no peer');
    queueMicrotask(() => {
      if (peer.isConnected()) peer.onMessage?.(message);
    });
  }
}
