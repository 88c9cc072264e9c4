import type { WebSocket } from 'ws';

/** Per-connection and per-server bounds of the WebSocket host (ADR 0022); every one is a setting. */
export interface ConnectionLimits {
  /** Open WebSocket connections, server-wide; the next upgrade gets 503. */
  maxConnections: number;
  /** Open connections from one peer address; the next upgrade gets 429. */
  maxConnectionsPerAddress: number;
  /** Token bucket per connection: requests per second sustained, and the burst above it. Over it, reading pauses. */
  requestsPerSecond: number;
  burst: number;
  /** Requests of one connection being handled at once; more wait (reading pauses). */
  maxInFlight: number;
  /** Requests read but not started yet; beyond this the socket is paused (TCP pushes back on the client). */
  maxQueued: number;
  /**
   * Bytes waiting to go to a client that does not read. Above `softBufferedBytes` its requests wait;
   * a frame to send while above `hardBufferedBytes` closes the connection (1008) instead of growing memory.
   */
  softBufferedBytes: number;
  hardBufferedBytes: number;
  /** WebSocket ping interval; a connection that has not answered the previous ping by the next one is closed. */
  heartbeatMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxConnections: 2_000,
  maxConnectionsPerAddress: 64,
  requestsPerSecond: 20,
  burst: 60,
  maxInFlight: 4,
  maxQueued: 64,
  softBufferedBytes: 512 * 1024,
  hardBufferedBytes: 4 * 1024 * 1024,
  // A desk whose network is gone is found within two pings; its grace period then starts (ADR 0025).
  heartbeatMs: 10_000,
};

/** Limits from FRONTLINE_* settings (README, Settings); anything unset keeps its default. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionLimits {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
    return value;
  };
  return {
    ...DEFAULT_LIMITS,
    maxConnections: read('FRONTLINE_MAX_CONNECTIONS', DEFAULT_LIMITS.maxConnections),
    maxConnectionsPerAddress: read('FRONTLINE_MAX_CONNECTIONS_PER_ADDRESS', DEFAULT_LIMITS.maxConnectionsPerAddress),
    requestsPerSecond: read('FRONTLINE_REQUESTS_PER_SECOND', DEFAULT_LIMITS.requestsPerSecond),
    burst: read('FRONTLINE_REQUEST_BURST', DEFAULT_LIMITS.burst),
    heartbeatMs: read('FRONTLINE_HEARTBEAT_MS', DEFAULT_LIMITS.heartbeatMs),
  };
}

/** A token bucket: `take()` spends one token or says how long until the next one. */
export function tokenBucket(ratePerSecond: number, burst: number, clock: () => number = () => performance.now()) {
  let tokens = burst;
  let last = clock();
  return {
    /** 0 when a token was taken, else the milliseconds to wait for one. */
    take(): number {
      const t = clock();
      tokens = Math.min(burst, tokens + ((t - last) * ratePerSecond) / 1000);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - tokens) * 1000) / ratePerSecond);
    },
  };
}

/**
 * Reads a connection's requests no faster than its budget: at most `maxInFlight` handled at once,
 * at most the bucket's rate, nothing new while the client leaves our answers unread. What cannot
 * start waits in a short queue; when that is full the socket is paused, so a flooding client is
 * held back by TCP instead of by server memory.
 */
/** Sockets the request pump paused since the heartbeat last looked at them (see `startHeartbeat`). */
const heldBack = new WeakSet<WebSocket>();

/** Why a client we held back is closed when its pong does not come: its own requests are in the way. */
export const BACKLOG_CLOSE_REASON = 'too many requests waiting: keep at most 4 in flight';

export function createRequestPump<T>(socket: WebSocket, limits: ConnectionLimits, handle: (item: T) => Promise<void>) {
  const bucket = tokenBucket(limits.requestsPerSecond, limits.burst);
  const queue: T[] = [];
  let inFlight = 0;
  let paused = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const setPaused = (value: boolean): void => {
    if (value === paused || closed) return;
    paused = value;
    if (value) {
      socket.pause();
      heldBack.add(socket);
    } else socket.resume();
  };

  const later = (ms: number): void => {
    if (timer === null && !closed) timer = setTimeout(() => ((timer = null), pump()), ms);
  };

  function pump(): void {
    while (!closed && queue.length > 0 && inFlight < limits.maxInFlight) {
      if (socket.bufferedAmount > limits.softBufferedBytes) return later(50);
      const wait = bucket.take();
      if (wait > 0) return later(wait);
      const item = queue.shift() as T;
      inFlight += 1;
      void handle(item).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
    if (queue.length < limits.maxQueued / 2) setPaused(false);
  }

  return {
    push(item: T): void {
      queue.push(item);
      if (queue.length >= limits.maxQueued) setPaused(true);
      pump();
    },
    close(): void {
      closed = true;
      queue.length = 0;
      if (timer !== null) clearTimeout(timer);
    },
  };
}

/** Sends a frame unless the client has left more than the hard limit unread: then the connection is closed (it can reconnect and resynchronise). */
export function boundedSend(socket: WebSocket, limits: ConnectionLimits, text: string, onOverflow: () => void): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > limits.hardBufferedBytes) {
    onOverflow();
    socket.close(1008, 'client is not reading');
    // A client that does not read will not read the close frame either.
    setTimeout(() => socket.terminate(), 1_000).unref();
    return;
  }
  socket.send(text);
}

/**
 * WebSocket ping/pong: a peer that has not answered one ping by the next is gone (half-open TCP, or
 * not reading), and is dropped. One the request pump held back in that interval may only have its
 * pong stuck in TCP behind its own requests: it is told why (1008 and the reason) before it goes,
 * rather than cut off without a word.
 */
export function startHeartbeat(clients: () => Iterable<WebSocket>, intervalMs: number): () => void {
  const alive = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const ws of clients()) {
      const held = heldBack.delete(ws) || ws.isPaused;
      if (alive.get(ws) === false) {
        if (held) {
          ws.close(1008, BACKLOG_CLOSE_REASON);
          // Its close frame is behind its requests too: do not wait for it.
          setTimeout(() => ws.terminate(), 1_000).unref();
        } else ws.terminate();
        continue;
      }
      if (!alive.has(ws)) ws.on('pong', () => alive.set(ws, true));
      alive.set(ws, false);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
