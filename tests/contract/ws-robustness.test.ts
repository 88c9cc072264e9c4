import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ResponseFrame } from '../../shared/contract/wire';
import { startHttpHost, type HttpHost } from '../../electron/server/http-host';
import { BACKLOG_CLOSE_REASON } from '../../electron/server/connection-guard';
import { MAX_FRAME_BYTES } from '../../electron/server/ws-binding';
import { seededCore, type SeededCore } from '../support/seeded-core';

let fx: SeededCore;
let host: HttpHost;
let apiUrl: string;

beforeAll(async () => {
  fx = await seededCore(50);
  host = await startHttpHost({ core: fx.core, staticDir: null });
  apiUrl = `${host.url.replace('http', 'ws')}api`;
});
afterAll(async () => {
  await host.close();
  await fx.cleanup();
});

function open(headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(apiUrl, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<ResponseFrame> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ResponseFrame)));
}

async function pingWorks(): Promise<boolean> {
  const ws = await open();
  const reply = nextFrame(ws);
  ws.send(JSON.stringify({ id: 1, method: 'system.ping', params: {} }));
  const frame = await reply;
  ws.close();
  return frame.id === 1 && frame.result.ok;
}

describe('WebSocket host under bad input', () => {
  it.each([
    ['not JSON', '{"id": 1, "method":'],
    ['JSON of the wrong shape', JSON.stringify({ hello: 'world' })],
    ['a JSON array', '[1,2,3]'],
    ['a method that is not a string', JSON.stringify({ id: 9, method: { evil: true } })],
  ])('answers %s with BAD_FRAME and keeps the connection', async (_what, payload) => {
    const ws = await open();
    const reply = nextFrame(ws);
    ws.send(payload);
    const frame = await reply;
    expect(frame.result).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
    const again = nextFrame(ws);
    ws.send(JSON.stringify({ id: 2, method: 'system.ping' }));
    expect((await again).result.ok).toBe(true);
    ws.close();
  });

  it('answers a binary frame with BAD_FRAME', async () => {
    const ws = await open();
    const reply = nextFrame(ws);
    ws.send(randomBytes(64));
    expect((await reply).result).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
    ws.close();
  });

  it('survives a garbage frame just under the cap: typed error, same connection still works, others unaffected', async () => {
    const ws = await open();
    const reply = nextFrame(ws);
    ws.send(randomBytes(MAX_FRAME_BYTES / 2 - 1024).toString('latin1')); // latin1 above 0x7F is two bytes in UTF-8
    expect((await reply).result).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
    const again = nextFrame(ws);
    ws.send(JSON.stringify({ id: 3, method: 'system.ping' }));
    expect((await again).id).toBe(3);
    ws.close();
    expect(await pingWorks()).toBe(true);
  });

  it('closes only the offending connection (1009) for a frame over the limit', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(await pingWorks()).toBe(true);
  });

  it('refuses a WebSocket from a page of another origin', async () => {
    await expect(open({ Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const host2 = new URL(host.url).host;
    const ws = await open({ Origin: `http://${host2}` });
    ws.close();
  });
});

describe('WebSocket host holding back a busy client', () => {
  it('closes a client whose request backlog outlasts the heartbeat with 1008 and the reason, not a silent drop', async () => {
    // Its pong waits in TCP behind its own requests while the pump keeps the socket paused.
    const limits = { heartbeatMs: 150, requestsPerSecond: 60, burst: 5, maxInFlight: 1, maxQueued: 6 };
    const busyHost = await startHttpHost({ core: fx.core, staticDir: null, limits });
    try {
      const ws = new WebSocket(`${busyHost.url.replace('http', 'ws')}api`);
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      const closed = new Promise<string>((resolve) => ws.once('close', (code, reason) => resolve(`${code} ${String(reason)}`)));
      for (let id = 1; id <= 200; id += 1) ws.send(JSON.stringify({ id, method: 'system.ping', params: {} }));
      expect(await closed).toBe(`1008 ${BACKLOG_CLOSE_REASON}`);
    } finally {
      await busyHost.close();
    }
  });
});
