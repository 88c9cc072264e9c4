import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import WebSocket from 'ws';
import { err, type Result } from '../../shared/contract/result';
import { serverUrlProblemKind } from '../../shared/domain/server-url';
import { isEventFrame, type EventFrame, type ServerFrame } from '../../shared/contract/wire';
import type { DeskSession } from './ipc-binding';

/** How the desktop trusts its team server (ADR 0031): the system's CAs, a custom CA, or one pinned certificate. */
export interface ServerTrust {
  /** PEM of a CA that signed the server's certificate (replaces the system's CAs). */
  ca?: string;
  /** PEM of the server's own certificate: the only one accepted (its fingerprint must match). */
  pinnedCert?: string;
}

export interface ServerLinkOptions {
  /** `wss://host:port/api`; `ws://` only on loopback (a lab, or a TLS-terminating proxy on this machine). */
  url: string;
  trust?: ServerTrust;
  /** A request with no answer by then resolves to TIMEOUT. */
  requestTimeoutMs?: number;
  /** Reconnect delays grow to this (with jitter). */
  maxBackoffMs?: number;
  /** Where the session token is kept at rest (sealed with safeStorage, ADR 0038): told of every new token, and null when the session ends. */
  tokenStore?: { save(token: string | null): void };
}

export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One desk window's connection to a team server: the contract over WebSocket, with the session carried across reconnects. */
export interface ServerLink {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
  /** `detail` says why on 'closed' (e.g. a certificate that does not match). */
  onState(listener: (state: LinkState, detail?: string) => void): () => void;
  close(): void;
}

/** Where a team server may be reached: TLS beyond loopback (ADR 0022), plain WebSocket only on this machine. */
export function serverUrlProblem(url: string): string | null {
  switch (serverUrlProblemKind(url)) {
    case null:
      return null;
    case 'not-a-url':
      return `"${url}" is not a URL: expected wss://host:port/api`;
    case 'not-websocket':
      return `"${url}" is not a WebSocket URL: expected wss://host:port/api`;
    case 'plaintext-beyond-loopback':
      return `refusing plain ws:// to ${new URL(url).hostname}: a team server beyond this machine is reached over wss://`;
  }
}

/** The TLS options for `ws`: a custom CA, or a pinned certificate that is both the only anchor and the only leaf accepted. */
export function tlsOptions(trust: ServerTrust = {}): Pick<ConnectionOptions, 'ca' | 'checkServerIdentity'> {
  if (trust.pinnedCert !== undefined) {
    const pinned = new X509Certificate(trust.pinnedCert).fingerprint256;
    return {
      ca: trust.pinnedCert,
      checkServerIdentity(host: string, cert: PeerCertificate) {
        if (cert.fingerprint256 !== pinned) return new Error(`the server's certificate (${cert.fingerprint256}) is not the pinned one (${pinned})`);
        return checkServerIdentity(host, cert);
      },
    };
  }
  return trust.ca === undefined ? {} : { ca: trust.ca };
}

/** Certificate failures are refusals, not outages: the link stops instead of retrying into them. */
function isCertificateError(error: Error & { code?: string }): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME|HOSTNAME_MISMATCH/i.test(error.code ?? '') || /pinned|certificate/i.test(error.message);
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: NodeJS.Timeout;
  frame: string;
  sent: boolean;
}

/**
 * The desktop's main-process connector (issue 11, ADR 0031). It speaks the same contract the
 * browser does. It keeps the session token that sign-in and resume return (the renderer never sees
 * this link) and, after a reconnect, first resumes that session, then sends what waited. A
 * certificate that does not verify ends the link with the reason.
 */
export function connectToServer(options: ServerLinkOptions): ServerLink {
  const problem = serverUrlProblem(options.url);
  if (problem !== null) throw new Error(problem);
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const tls = tlsOptions(options.trust);
  const eventListeners = new Set<(frame: EventFrame) => void>();
  const stateListeners = new Set<(state: LinkState, detail?: string) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let ready = false;
  let token: string | null = null;
  const keep = (next: string | null): void => {
    token = next;
    options.tokenStore?.save(next);
  };
  let socket: WebSocket;
  let retry: NodeJS.Timeout | undefined;

  const emitState = (state: LinkState, detail?: string): void => {
    for (const l of stateListeners) l(state, detail);
  };

  function settle(id: number, result: Result<unknown>): void {
    const p = pending.get(id);
    if (p === undefined) return;
    clearTimeout(p.timer);
    pending.delete(id);
    p.resolve(result);
  }

  function transmit(id: number): void {
    const p = pending.get(id);
    if (p === undefined || p.sent) return;
    p.sent = true;
    socket.send(p.frame);
  }

  /** Sends on the raw socket (used for the resume before the link reports open). */
  function request(method: string, params: unknown, direct: boolean): Promise<Result<unknown>> {
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(id, err('TIMEOUT', `${method} had no answer in ${timeoutMs} ms`)), timeoutMs);
      pending.set(id, { resolve, timer, frame: JSON.stringify({ id, method, params }), sent: false });
      if (direct || ready) transmit(id);
    });
  }

  /** Follows the session through the answers: sign-in and resume issue it, sign-out ends it. */
  function track(method: string, result: Result<unknown>): void {
    // A refused resume (the token kept from before a restart has expired): nothing worth keeping.
    if (!result.ok) {
      if (method === 'agent.resume' && result.error.code === 'UNAUTHENTICATED') keep(null);
      return;
    }
    if (method === 'agent.signIn' || method === 'agent.resume') keep((result.value as { session: { token: string } }).session.token);
    if (method === 'agent.signOut' || method === 'agent.signOutEverywhere') keep(null);
  }

  async function opened(): Promise<void> {
    const resumed = attempt > 0 && token !== null;
    attempt = 0;
    if (resumed) {
      const result = await request('agent.resume', { token }, true);
      if (!result.ok && result.error.code === 'UNAUTHENTICATED') {
        keep(null);
        // The renderer learns it the way it learns any ended session.
        const ended: EventFrame = { event: 'session.ended', seq: 0, payload: { reason: 'revoked', message: result.error.message } };
        for (const l of eventListeners) l(ended);
      }
    }
    if (socket.readyState !== WebSocket.OPEN) return;
    ready = true;
    emitState('open');
    for (const id of [...pending.keys()]) transmit(id);
  }

  function connect(): void {
    emitState(attempt === 0 ? 'connecting' : 'reconnecting');
    // No Origin: the server judges a non-browser client by its Host header alone (ADR 0022).
    // `ws` hands these to https.request, which has Node's TLS semantics (its own typing of them is older).
    socket = new WebSocket(options.url, { ...(tls as WebSocket.ClientOptions), handshakeTimeout: timeoutMs });
    let refusal: string | null = null;
    socket.on('open', () => void opened());
    socket.on('message', (data) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(data)) as ServerFrame;
      } catch {
        return;
      }
      if (isEventFrame(frame)) {
        if (frame.event === 'session.ended') keep(null);
        for (const l of eventListeners) l(frame);
      } else if (typeof frame.id === 'number') settle(frame.id, frame.result);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      if (isCertificateError(error)) refusal = `refused ${options.url}: ${error.message}`;
    });
    socket.on('close', () => {
      ready = false;
      // Requests written to a dead socket cannot be answered; callers decide whether to retry.
      for (const [id, p] of pending) if (p.sent) settle(id, err('TRANSPORT_CLOSED', 'connection to the Frontline server lost'));
      if (refusal !== null) closed = true;
      if (closed) {
        for (const id of [...pending.keys()]) settle(id, err('TRANSPORT_CLOSED', refusal ?? 'connection to the Frontline server closed'));
        emitState('closed', refusal ?? undefined);
        return;
      }
      attempt++;
      const delay = Math.min(maxBackoff, 200 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() * 0.5);
      emitState('reconnecting');
      retry = setTimeout(connect, delay);
    });
  }
  connect();

  return {
    async call(method, params) {
      const result = await request(method, params, false);
      track(method, result);
      return result;
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      socket.close();
    },
  };
}

/** Desk sessions on a team server: each window gets its own link (its own server connection and session). */
export function remoteSessions(options: ServerLinkOptions): () => DeskSession {
  const problem = serverUrlProblem(options.url);
  if (problem !== null) throw new Error(problem);
  return () => {
    const link = connectToServer(options);
    return { call: link.call, subscribe: (listener) => link.onEvent((frame) => listener(frame.event, frame.payload)), onState: link.onState, close: link.close };
  };
}
