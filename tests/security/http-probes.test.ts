import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIST } from '../../electron/server/serve';
import { REPO_ROOT } from '../support/app-process';
import { tempDir } from '../support/temp-dir';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { figure, ProbeClient, startProbedServer, type ProbedServer } from './probe-kit';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP request with any method and Host header (fetch would not let us forge Host). */
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: ProbedServer;
beforeAll(async () => {
  server = await startProbedServer();
}, 180_000);
afterAll(() => server.stop());

describe('HTTP probes against the real server process', () => {
  it('answers only to its own host names: a DNS-rebinding Host gets 421 on pages and on the WebSocket', async () => {
    const port = new URL(server.url).port;
    expect((await raw(server.url, 'GET', '/healthz')).status).toBe(200);
    expect((await raw(server.url, 'GET', '/healthz', { Host: `localhost:${port}` })).status).toBe(200);
    const rebinding = await raw(server.url, 'GET', '/', { Host: `attacker.example:${port}` });
    expect(rebinding.status).toBe(421);
    // The rebinding page's own origin matches its Host: the Origin check alone would have let it in.
    await expect(ProbeClient.open(server.apiUrl, { headers: { Host: `attacker.example:${port}`, Origin: `http://attacker.example:${port}` } })).rejects.toThrow(/421/);
    await expect(ProbeClient.open(server.apiUrl, { headers: { Origin: 'http://evil.example' } })).rejects.toThrow(/403/);
    const own = await ProbeClient.open(server.apiUrl, { headers: { Origin: `http://127.0.0.1:${port}` } });
    own.close();
    figure('host allow-list', `Host attacker.example → ${rebinding.status}; WebSocket with a rebinding Host → 421; foreign Origin → 403; own names → 200/101`);
  });

  it('answers 405 (with Allow) to every method but GET and HEAD', async () => {
    const answers: string[] = [];
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
      const a = await raw(server.url, method, '/');
      expect({ method, status: a.status }).toEqual({ method, status: 405 });
      expect(a.headers.allow).toBe('GET, HEAD');
      answers.push(`${method} ${a.status}`);
    }
    expect((await raw(server.url, 'HEAD', '/healthz')).status).toBe(200);
    figure('methods', answers.join(', '));
  });

  it('sends security headers with every page: CSP, no framing, no sniffing, no referrer', async () => {
    const { headers } = await raw(server.url, 'GET', '/');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['strict-transport-security']).toBeUndefined(); // plain HTTP on loopback: never pin a lab to HTTPS
    figure('headers', `CSP, X-Frame-Options ${String(headers['x-frame-options'])}, nosniff, no-referrer, COOP same-origin`);
  });

  it.skipIf(!existsSync(join(RENDERER_DIST, 'assets')))('serves no source maps, and the bundle does not point at any', async () => {
    const maps = readdirSync(join(RENDERER_DIST, 'assets')).filter((f) => f.endsWith('.map'));
    const scripts = readdirSync(join(RENDERER_DIST, 'assets')).filter((f) => f.endsWith('.js'));
    for (const map of maps) expect((await raw(server.url, 'GET', `/assets/${map}`)).status).toBe(404);
    expect((await raw(server.url, 'GET', `/assets/${scripts[0] ?? 'x.js'}`)).status).toBe(200);
    const body = await (await fetch(`${server.url}assets/${scripts[0] ?? ''}`)).text();
    expect(body).not.toContain('sourceMappingURL');
    figure('source maps', `${maps.length} .map files in the build, every one 404; no sourceMappingURL in the bundle`);
  });

  it('keeps the database and its folder to its owner (0600 / 0700)', () => {
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    expect(mode(server.dataDir)).toBe('700');
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('frontline.db'));
    for (const f of files) expect({ f, mode: mode(join(server.dataDir, f)) }).toEqual({ f, mode: '600' });
    figure('file permissions', `folder ${mode(server.dataDir)}; ${files.map((f) => `${f} ${mode(join(server.dataDir, f))}`).join(', ')}`);
  });
});

describe('TLS beyond loopback', () => {
  it('refuses to serve plain HTTP on every interface, and says how to fix it', () => {
    const tmp = tempDir();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/server/serve.ts', '--host', '0.0.0.0', '--port', '0'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, FRONTLINE_DB: join(tmp.dir, 'x.db'), FRONTLINE_LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    tmp.cleanup();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refusing to serve plain HTTP on 0.0.0.0');
    expect(run.stderr).toContain('FRONTLINE_TLS_CERT');
    expect(run.stderr).not.toMatch(/^\s+at /m); // a refusal, not a crash: no stack trace
    figure('plaintext beyond loopback', 'refused at start (exit 1) with the settings to use');
  });

  it('serves HTTPS and WSS with its certificate when bound to every interface', async () => {
    const tmp = tempDir();
    const cert = join(tmp.dir, 'cert.pem');
    const key = join(tmp.dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    // A CRM without the demo supervisor: a host beyond loopback refuses to start while a demo credential exists.
    const tls = await startProbedServer({ FRONTLINE_TLS_CERT: cert, FRONTLINE_TLS_KEY: key }, ['--host', '0.0.0.0'], (db) =>
      seedDatabaseFile(db, { customers: 300, seed: 42, anchor: Date.now() }),
    );
    try {
      expect(tls.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+\/$/);
      const port = new URL(tls.url).port;
      const status = await new Promise<{ code: number; hsts: unknown }>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/healthz', rejectUnauthorized: false, headers: { Host: `localhost:${port}` } }, (res) => {
          res.resume();
          resolve({ code: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] });
        });
        req.on('error', reject);
        req.end();
      });
      expect(status.code).toBe(200);
      expect(status.hsts).toContain('max-age=');
      const client = await ProbeClient.open(`wss://127.0.0.1:${port}/api`, { rejectUnauthorized: false });
      expect((await client.call('system.ping')).result.ok).toBe(true);
      client.close();
      await expect(raw(`http://127.0.0.1:${port}/`, 'GET', '/healthz')).rejects.toThrow();
      figure('TLS', `https + wss on 0.0.0.0:${port} with the given certificate, HSTS sent; plain HTTP on that port fails`);
    } finally {
      await tls.stop();
      tmp.cleanup();
    }
  });
});
