import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { startHttpHost } from '../../electron/server/http-host';
import type { ConnectionState } from '../../renderer/src/platform/transport';
import { createWsTransport } from '../../renderer/src/platform/ws-transport';
import { seededCore, type SeededCore } from '../support/seeded-core';

let fx: SeededCore;
beforeAll(async () => {
  fx = await seededCore(20);
});
afterAll(() => fx.cleanup());

function waitFor(states: ConnectionState[], wanted: ConnectionState, from: number): Promise<void> {
  return expect.poll(() => states.slice(from).includes(wanted), { timeout: 10_000 }).toBe(true);
}

describe('WebSocket transport', () => {
  it('reconnects by itself when the host restarts, and delivers a request made while it was down', async () => {
    const first = await startHttpHost({ core: fx.core, staticDir: null });
    const port = Number(new URL(first.url).port);
    const states: ConnectionState[] = [];
    const t = createWsTransport({
      url: `ws://127.0.0.1:${port}/api`,
      maxBackoffMs: 300,
      WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket,
    });
    t.onConnectionState((s) => states.push(s));
    await waitFor(states, 'open', 0);

    await first.close();
    await waitFor(states, 'reconnecting', 0);
    const mark = states.length;
    const whileDown = t.request('system.ping', {});

    const second = await startHttpHost({ core: fx.core, staticDir: null, port });
    await waitFor(states, 'open', mark);
    expect((await whileDown).ok).toBe(true);
    t.close();
    await second.close();
  });

  it('answers TIMEOUT when the host never replies, instead of hanging', async () => {
    const t = createWsTransport({
      url: 'ws://127.0.0.1:9/api', // discard port: nothing listens, the socket never opens
      requestTimeoutMs: 200,
      maxBackoffMs: 100,
      WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket,
    });
    const r = await t.request('system.ping', {});
    expect(r.ok ? null : r.error.code).toBe('TIMEOUT');
    t.close();
  });
});
