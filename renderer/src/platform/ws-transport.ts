import { err, type Result } from '../../../shared/contract/result';
import { isEventFrame, type ServerFrame } from '../../../shared/contract/wire';
import { listenerSet, type ConnectionState, type Transport } from './transport';

export interface WsTransportOptions {
  url: string;
  /** A request with no answer by then resolves to a TIMEOUT error. */
  requestTimeoutMs?: number;
  /** Reconnect delays grow to this (with jitter). */
  maxBackoffMs?: number;
  /** Injected for Node tests; the browser's WebSocket by default. */
  WebSocketImpl?: typeof WebSocket;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Contract over WebSocket with request ids, timeouts and automatic reconnection. */
export function createWsTransport(options: WsTransportOptions): Transport {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const events = listenerSet<Parameters<Parameters<Transport['onEvent']>[0]>[0]>();
  const states = listenerSet<ConnectionState>();
  const pending = new Map<number, Pending>();
  /** Requests waiting for a socket; sent on (re)connect. */
  const queue: { id: number; frame: string }[] = [];
  /** Requests written to the current socket: if it dies they can no longer be answered. */
  const sent = new Set<number>();
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let socket: WebSocket;

  function transmit(id: number, frame: string): void {
    if (!pending.has(id)) return; // timed out while queued
    sent.add(id);
    socket.send(frame);
  }

  function settle(id: number, result: Result<unknown>): void {
    sent.delete(id);
    const p = pending.get(id);
    if (p === undefined) return;
    clearTimeout(p.timer);
    pending.delete(id);
    p.resolve(result);
  }

  function connect(): void {
    states.emit(attempt === 0 ? 'connecting' : 'reconnecting');
    socket = new Impl(options.url);
    socket.onopen = () => {
      attempt = 0;
      states.emit('open');
      for (const q of queue.splice(0)) transmit(q.id, q.frame);
    };
    socket.onmessage = (message: MessageEvent) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as ServerFrame;
      } catch {
        return;
      }
      if (isEventFrame(frame)) events.emit(frame);
      else if (typeof frame.id === 'number') settle(frame.id, frame.result);
    };
    // A failed connect reports an error and then a close; the close handler does the recovery.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      // Requests in flight on a dead socket cannot be answered; callers decide whether to retry.
      for (const id of [...sent]) settle(id, err('TRANSPORT_CLOSED', 'connection to Frontline lost'));
      sent.clear();
      if (closed) {
        states.emit('closed');
        return;
      }
      attempt++;
      const delay = Math.min(maxBackoff, 200 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() * 0.5);
      states.emit('reconnecting');
      setTimeout(connect, delay);
    };
  }
  connect();

  return {
    kind: 'ws',
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle(id, err('TIMEOUT', `${method} had no answer in ${timeoutMs} ms`)), timeoutMs);
        pending.set(id, { resolve, timer });
        const frame = JSON.stringify({ id, method, params });
        if (socket.readyState === Impl.OPEN) transmit(id, frame);
        else queue.push({ id, frame });
      });
    },
    onEvent: events.add,
    onConnectionState: states.add,
    close() {
      closed = true;
      socket.close();
    },
  };
}
