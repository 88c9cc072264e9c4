import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { Core } from '../core/create-core';
import { bindWebSocketServer, MAX_FRAME_BYTES } from './ws-binding';

export interface HttpHostOptions {
  core: Core;
  /** The renderer build (renderer/dist); the API still works without it. */
  staticDir: string | null;
  host?: string;
  port?: number;
}

export interface HttpHost {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "media-src 'self' blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Browsers always send Origin on a WebSocket upgrade: only pages we served may connect (stops other sites reaching a local agent's API). */
export function isAllowedOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser: tools, tests, the team server's peers
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The headless host: serves the renderer build over HTTP and the contract over WebSocket at /api. Loopback only by default. */
export async function startHttpHost({ core, staticDir, host = '127.0.0.1', port = 0 }: HttpHostOptions): Promise<HttpHost> {
  const assets = staticDir === null ? null : sirv(staticDir, { single: true, etag: true, dev: false });
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (req.url === '/healthz') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (assets === null) {
      res.statusCode = 404;
      res.end('renderer build not found: run npm run build');
      return;
    }
    assets(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/api' || !isAllowedOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  bindWebSocketServer(wss, core);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
