import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { openSqliteStore } from '../../electron/core/db/store';
import { createLogger } from '../../electron/core/log';
import { bindIpcSessions } from '../../electron/main/ipc-binding';
import { createBridge } from '../../electron/preload/bridge';
import { createIpcTransport } from '../../renderer/src/platform/ipc-transport';
import { createSimulatedIpc } from '../support/simulated-ipc';
import { connectToServer, remoteSessions, serverUrlProblem, type LinkState, type ServerLink, type ServerTrust } from '../../electron/main/server-link';
import { startHttpHost, type HttpHost } from '../../electron/server/http-host';
import type { TlsMaterial } from '../../electron/server/tls-settings';
import { seededCore, supervisorContext, type SeededCore } from '../support/seeded-core';
import { tempDir } from '../support/temp-dir';

/**
 * The desktop's main-process connector (issue 11, ADR 0031) against the real server host over
 * TLS: a pinned or CA-signed certificate, sign-in, a server restart on the same database (the link
 * resumes the session by itself), and certificates that do not match, refused.
 */
const tmp = tempDir();

/** A self-signed certificate for localhost (openssl, as an admin would make one). */
function selfSigned(name: string): { pem: string; tls: TlsMaterial } {
  const cert = join(tmp.dir, `${name}.pem`);
  const key = join(tmp.dir, `${name}.key`);
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { pem: readFileSync(cert, 'utf8'), tls: { cert: readFileSync(cert), key: readFileSync(key) } };
}

/** A CA and a localhost certificate it signed, as a centre with its own PKI would have. */
function caSigned(): { caPem: string; tls: TlsMaterial } {
  const f = (n: string) => join(tmp.dir, n);
  writeFileSync(f('leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const steps = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Centre CA', '-addext', 'basicConstraints=critical,CA:TRUE'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=localhost'],
    ['x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '2', '-extfile', f('leaf.ext')],
  ];
  for (const args of steps) {
    const made = spawnSync('openssl', args, { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl ${args[0]} failed: ${made.stderr}`);
  }
  return { caPem: readFileSync(f('ca.pem'), 'utf8'), tls: { cert: readFileSync(f('leaf.pem')), key: readFileSync(f('leaf.key')) } };
}

let fx: SeededCore;
let core: Core;
let host: HttpHost;
let port: number;
let password: string;
const server = selfSigned('frontline-server');
const impostor = selfSigned('impostor');
const centre = caSigned();
const links: ServerLink[] = [];

function link(trust: ServerTrust, at = port): { link: ServerLink; states: { state: LinkState; detail?: string }[] } {
  const l = connectToServer({ url: `wss://localhost:${at}/api`, trust, maxBackoffMs: 200, requestTimeoutMs: 5_000 });
  links.push(l);
  const states: { state: LinkState; detail?: string }[] = [];
  l.onState((state, detail) => states.push({ state, detail }));
  return { link: l, states };
}

async function ok<T>(l: ServerLink, method: string, params: unknown): Promise<T> {
  const r = await l.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  fx = await seededCore(50, Date.now, { quickStart: false });
  core = fx.core;
  const boss = await supervisorContext(core, '9800', 'Ida Admin');
  const made = await core.dispatch('agents.create', { name: 'Lena Link', extension: '5301' }, boss);
  if (!made.ok) throw new Error(made.error.message);
  password = (made.value as { password: string }).password;
  host = await startHttpHost({ core, staticDir: null, tls: server.tls });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  for (const l of links) l.close();
  await host?.close();
  await core?.close();
  tmp.cleanup();
});

describe('desktop server link', () => {
  it('signs in over wss to a server whose certificate is pinned, and receives its own events', async () => {
    const { link: l } = link({ pinnedCert: server.pem });
    const signed = await ok<{ agent: { name: string } }>(l, 'agent.signIn', { extension: '5301', password });
    expect(signed.agent.name).toBe('Lena Link');
    const events: string[] = [];
    l.onEvent((f) => events.push(f.event));
    await ok(l, 'agent.setState', { state: 'available' });
    await expect.poll(() => events).toContain('agent.stateChanged');
    await ok(l, 'agent.signOut', {});
  });

  it("trusts a server certificate signed by the centre's CA; pinning that CA's certificate does not accept what it signed", async () => {
    const signedHost = await startHttpHost({ core, staticDir: null, tls: centre.tls });
    const at = Number(new URL(signedHost.url).port);
    try {
      const { link: byCa } = link({ ca: centre.caPem }, at);
      expect((await byCa.call('system.ping', {})).ok).toBe(true);
      const { link: pinned, states } = link({ pinnedCert: centre.caPem }, at);
      const r = await pinned.call('system.ping', {});
      expect(r.ok ? null : r.error.code).toBe('TRANSPORT_CLOSED');
      expect(states.at(-1)).toMatchObject({ state: 'closed', detail: expect.stringMatching(/not the pinned one/) });
    } finally {
      await signedHost.close();
    }
  });

  it('resumes the session by itself after the server restarts on the same database', async () => {
    const { link: l, states } = link({ pinnedCert: server.pem });
    await ok(l, 'agent.signIn', { extension: '5301', password, takeOver: true });
    await ok(l, 'agent.setState', { state: 'break', reason: 'Coffee' });

    await host.close();
    await core.close();
    await expect.poll(() => states.some((s) => s.state === 'reconnecting')).toBe(true);
    const mark = states.length;
    // A request made while the server is down waits for it, and runs in the resumed session (signed-in only).
    const whileDown = l.call('wrapUp.pending', {});
    core = await createCore({ store: openSqliteStore(fx.dbFile), logger: createLogger('test', 'silent'), quickStart: false });
    host = await startHttpHost({ core, staticDir: null, tls: server.tls, port });

    await expect.poll(() => states.slice(mark).some((s) => s.state === 'open'), { timeout: 10_000 }).toBe(true);
    const pending = await whileDown;
    expect(pending.ok ? 'resumed' : pending.error.code).toBe('resumed');
    expect((await l.call('agent.setState', { state: 'available' })).ok).toBe(true);
    await ok(l, 'agent.signOut', {});
  });

  it("tells the window's renderer when the link drops and comes back (the IPC transport reports it like the WebSocket one)", async () => {
    const ipc = createSimulatedIpc();
    const unbind = bindIpcSessions(ipc.ipcMain, remoteSessions({ url: `wss://localhost:${port}/api`, trust: { pinnedCert: server.pem }, maxBackoffMs: 200 }));
    const win = ipc.openWindow();
    const transport = createIpcTransport(createBridge(win.ipcRenderer));
    const seen: string[] = [];
    transport.onConnectionState((s) => seen.push(s));
    expect((await transport.request('agent.signIn', { extension: '5301', password, takeOver: true })).ok).toBe(true);
    await expect.poll(() => seen.at(-1)).toBe('open');
    await host.close();
    await expect.poll(() => seen.includes('reconnecting')).toBe(true);
    host = await startHttpHost({ core, staticDir: null, tls: server.tls, port });
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toBe('open');
    // Resumed by the main process before the renderer heard 'open': its next call is signed in.
    expect((await transport.request('wrapUp.pending', {})).ok).toBe(true);
    win.destroy();
    unbind();
  });

  it('keeps the session token at rest through its token store (sealed on a desktop): after a restart the next page resumes with it; sign-out and a dead token forget it', async () => {
    const kept: (string | null)[] = [];
    const tokenStore = { save: (t: string | null) => void kept.push(t) };
    const first = connectToServer({ url: `wss://localhost:${port}/api`, trust: { pinnedCert: server.pem }, tokenStore });
    links.push(first);
    const signed = await ok<{ session: { token: string } }>(first, 'agent.signIn', { extension: '5301', password, takeOver: true });
    expect(kept).toEqual([signed.session.token]);
    first.close();

    // The desktop restarted: a new link, and the page resumes with the token the preload gave it.
    const second = connectToServer({ url: `wss://localhost:${port}/api`, trust: { pinnedCert: server.pem }, tokenStore });
    links.push(second);
    const resumed = await ok<{ session: { token: string } }>(second, 'agent.resume', { token: kept.at(-1), liveCallKeys: [] });
    expect(kept.at(-1)).toBe(resumed.session.token);
    await ok(second, 'agent.signOut', {});
    expect(kept.at(-1)).toBeNull();

    // A token that no longer works (signed out meanwhile, expired) is not kept for the next start.
    kept.push(resumed.session.token);
    const third = connectToServer({ url: `wss://localhost:${port}/api`, trust: { pinnedCert: server.pem }, tokenStore });
    links.push(third);
    expect((await third.call('agent.resume', { token: resumed.session.token, liveCallKeys: [] })).ok).toBe(false);
    expect(kept.at(-1)).toBeNull();
  });

  it('refuses a server whose certificate is not the pinned one, and stops instead of retrying', async () => {
    const { link: l, states } = link({ pinnedCert: impostor.pem });
    const r = await l.call('agent.signIn', { extension: '5301', password });
    expect(r.ok ? null : r.error.code).toBe('TRANSPORT_CLOSED');
    expect(states.at(-1)?.state).toBe('closed');
    expect(states.at(-1)?.detail).toMatch(/certificate/i);
    expect(states.filter((s) => s.state === 'reconnecting')).toHaveLength(0);
  });

  it("refuses a server certificate the system's CAs do not vouch for when nothing is configured", async () => {
    const { link: l, states } = link({});
    const r = await l.call('system.ping', {});
    expect(r.ok ? null : r.error.code).toBe('TRANSPORT_CLOSED');
    expect(states.at(-1)).toMatchObject({ state: 'closed', detail: expect.stringMatching(/certificate/i) });
  });

  it('refuses plain ws:// to a host beyond this machine, and anything that is not a WebSocket URL', () => {
    expect(serverUrlProblem('ws://frontline.example.com/api')).toMatch(/wss:\/\//);
    expect(serverUrlProblem('https://frontline.example.com/api')).toMatch(/not a WebSocket URL/);
    expect(serverUrlProblem('frontline')).toMatch(/not a URL/);
    expect(serverUrlProblem('ws://127.0.0.1:5174/api')).toBeNull();
    expect(serverUrlProblem('wss://frontline.example.com/api')).toBeNull();
    expect(() => connectToServer({ url: 'ws://10.0.0.5/api' })).toThrow(/wss:\/\//);
  });
});
