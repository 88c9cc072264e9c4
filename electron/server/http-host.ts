import type { Core } from '../core';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import helmet from 'helmet';
import { WebSocketServer } from 'ws';
import { DEFAULT_LIMITS, startHeartbeat, type ConnectionLimits } from './connection-guard';
import { createHostAllowList, defaultAllowedHosts, isAllowedOrigin } from './host-allow-list';
import { loadStaticAssets, sendStaticAsset } from './static-assets';
import { plaintextProblem, type TlsMaterial } from './tls-settings';
import { bindWebSocketServer, MAX_FRAME_BYTES } from './ws-binding';

export { isAllowedOrigin } from './host-allow-list';

export interface HttpHostOptions {
  core: Core;
  /** The renderer build (renderer/dist); the API still works without it. */
  staticDir: string | null;
  host?: string;
  port?: number;
  /** PEM certificate and key: the host speaks HTTPS/WSS. Required beyond loopback unless `allowPlaintext`. */
  tls?: TlsMaterial | null;
  /** Serve plain HTTP beyond loopback (behind a TLS-terminating proxy, or a lab). */
  allowPlaintext?: boolean;
  /** Host names this server answers to; default: loopback, the bound address (every interface's when bound to all). */
  allowedHosts?: string[];
  limits?: Partial<ConnectionLimits>;
}

export interface HttpHost {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Security headers on every answer (helmet), with a CSP the renderer's build satisfies. */
const securityHeaders = (tls: boolean) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Only meaningful (and only sent) over TLS: a plain-HTTP lab must not pin browsers to HTTPS.
    strictTransportSecurity: tls ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/** Refuses an upgrade on the raw socket (no WebSocket yet): status line, close. */
function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The headless host: serves the renderer build over HTTP(S) and the contract over WebSocket at
 * /api. Loopback only by default; beyond it, TLS unless told otherwise (ADR 0022).
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { core, staticDir, host = '127.0.0.1', port = 0, tls = null, allowPlaintext = false } = options;
  const problem = plaintextProblem(host, tls, allowPlaintext);
  if (problem !== null) throw new Error(problem);
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const allowed = createHostAllowList(options.allowedHosts ?? defaultAllowedHosts(host));
  const headers = securityHeaders(tls !== null);
  // Read once: a request never waits on the disk or on libuv's pool, which scrypt shares (ADR 0024).
  const assets = staticDir === null ? null : loadStaticAssets(staticDir);

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    headers(req, res, () => {
      if (!allowed(req.headers.host)) {
        refuse(res, 421, 'unknown host name: add it to FRONTLINE_ALLOWED_HOSTS');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        refuse(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
        return;
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/healthz') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ ok: true }));
        return;
      }
      if (path.endsWith('.map')) {
        refuse(res, 404, 'not found');
        return;
      }
      if (assets === null) {
        refuse(res, 404, 'renderer build not found: run npm run build');
        return;
      }
      if (!sendStaticAsset(assets, path, req, res)) refuse(res, 404, 'not found');
    });
  };
  const server: Server = tls === null ? createHttpServer(onRequest) : (createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest) as unknown as Server);
  // Slow-loris: a request's headers must arrive within 10 s, the whole request within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const perAddress = new Map<string, number>();
  // One audit row per kind of refusal and address a minute: a client that keeps knocking cannot grow the table.
  const lastRefusalAudited = new Map<string, number>();
  const shouldAudit = (key: string): boolean => {
    const now = Date.now();
    if ((lastRefusalAudited.get(key) ?? -Infinity) > now - 60_000) return false;
    if (lastRefusalAudited.size >= 10_000) lastRefusalAudited.clear();
    lastRefusalAudited.set(key, now);
    return true;
  };
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const refuseAudited = (status: number, reason: string, kind: string): void => {
      refuseUpgrade(socket, status, reason);
      if (shouldAudit(`${kind}|${address}`)) void core.audit.record({ kind, principal: null, address, detail: { host: req.headers.host ?? null, origin: req.headers.origin ?? null } });
    };
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/api') return refuseUpgrade(socket, 404, 'Not Found');
    if (!allowed(req.headers.host)) return refuseAudited(421, 'Misdirected Request', 'connection.unknownHost');
    if (!isAllowedOrigin(req, allowed)) return refuseAudited(403, 'Forbidden', 'connection.foreignOrigin');
    if (wss.clients.size >= limits.maxConnections) return refuseAudited(503, 'Service Unavailable', 'connection.capReached');
    if ((perAddress.get(address) ?? 0) >= limits.maxConnectionsPerAddress) return refuseAudited(429, 'Too Many Requests', 'connection.addressCapReached');
    wss.handleUpgrade(req, socket, head, (ws) => {
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      ws.once('close', () => {
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left <= 0) perAddress.delete(address);
        else perAddress.set(address, left);
      });
      wss.emit('connection', ws, req);
    });
  });
  bindWebSocketServer(wss, core, limits);
  const stopHeartbeat = startHeartbeat(() => wss.clients, limits.heartbeatMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${tls === null ? 'http' : 'https'}://${shownHost}:${address.port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopHeartbeat();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
