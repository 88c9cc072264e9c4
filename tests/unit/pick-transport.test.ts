import { describe, expect, it } from 'vitest';
import { pickTransport } from '../../renderer/src/platform/pick-transport';
import type { BridgeLike } from '../../renderer/src/platform/ipc-transport';

function fakeWindow(bridge?: BridgeLike): Window {
  return { frontline: bridge, location: { protocol: 'http:', host: '127.0.0.1:5174' } } as unknown as Window;
}

describe('pickTransport', () => {
  it('uses IPC when the Electron preload exposed window.frontline', async () => {
    const calls: string[] = [];
    const bridge: BridgeLike = {
      call: async (method) => {
        calls.push(method);
        return { ok: true, value: 'pong' };
      },
      onEvent: () => () => undefined,
    };
    const t = pickTransport(fakeWindow(bridge));
    expect(t.kind).toBe('ipc');
    expect(await t.request('system.ping', {})).toEqual({ ok: true, value: 'pong' });
    expect(calls).toEqual(['system.ping']);
  });

  it('uses a WebSocket to the serving host otherwise', () => {
    let url = '';
    class RecordingSocket {
      static OPEN = 1;
      readyState = 0;
      constructor(u: string) {
        url = u;
      }
      close(): void {}
    }
    (globalThis as { WebSocket?: unknown }).WebSocket = RecordingSocket;
    try {
      const t = pickTransport(fakeWindow());
      expect(t.kind).toBe('ws');
      expect(url).toBe('ws://127.0.0.1:5174/api');
      t.close();
    } finally {
      delete (globalThis as { WebSocket?: unknown }).WebSocket;
    }
  });
});
