import { WebSocket as NodeWebSocket } from 'ws';
import type { Core } from '../../electron/core/create-core';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { bindIpc, bindIpcSessions } from '../../electron/main/ipc-binding';
import { remoteSessions } from '../../electron/main/server-link';
import { createBridge } from '../../electron/preload/bridge';
import { startHttpHost } from '../../electron/server/http-host';
import { createIpcTransport } from '../../renderer/src/platform/ipc-transport';
import { createMemoryTransport } from '../../renderer/src/platform/memory-transport';
import type { Transport } from '../../renderer/src/platform/transport';
import { createWsTransport } from '../../renderer/src/platform/ws-transport';
import { createSimulatedIpc } from '../support/simulated-ipc';

/** A way of connecting clients to one core; each client is a separate session (window, socket). */
export interface TransportHarness {
  name: string;
  connect(): Promise<Transport>;
  close(): Promise<void>;
}

export async function memoryHarness(core: Core): Promise<TransportHarness> {
  return {
    name: 'memory',
    connect: async () => {
      const ctx = newCallContext();
      return createMemoryTransport({
        dispatch: (method, params) => core.dispatch(method, params, ctx),
        subscribe: (listener) => core.subscribe(ctx, listener),
      });
    },
    close: async () => undefined,
  };
}

export async function wsHarness(core: Core): Promise<TransportHarness> {
  const host = await startHttpHost({ core, staticDir: null });
  const url = `${host.url.replace('http', 'ws')}api`;
  const opened: Transport[] = [];
  return {
    name: 'websocket',
    async connect() {
      const t = createWsTransport({ url, WebSocketImpl: NodeWebSocket as unknown as typeof WebSocket });
      opened.push(t);
      await new Promise<void>((resolve) => {
        const off = t.onConnectionState((s) => {
          if (s === 'open') {
            off();
            resolve();
          }
        });
      });
      return t;
    },
    async close() {
      for (const t of opened) t.close();
      await host.close();
    },
  };
}

/** Windows of a simulated Electron app whose main process binds IPC with `bind` (returning its unbind). */
function simulatedIpcHarness(name: string, bind: (ipcMain: ReturnType<typeof createSimulatedIpc>['ipcMain']) => () => void, after?: () => Promise<void>): TransportHarness {
  const ipc = createSimulatedIpc();
  const unbind = bind(ipc.ipcMain);
  const windows: { destroy(): void }[] = [];
  return {
    name,
    async connect() {
      const win = ipc.openWindow();
      windows.push(win);
      return createIpcTransport(createBridge(win.ipcRenderer));
    },
    async close() {
      for (const w of windows) w.destroy();
      unbind();
      await after?.();
    },
  };
}

export async function ipcHarness(core: Core): Promise<TransportHarness> {
  return simulatedIpcHarness('simulated IPC', (ipcMain) => bindIpc(ipcMain, core));
}

/** The desktop on a team server (ADR 0031): renderer → IPC → the main process's link → WebSocket → the real host. */
export async function remoteIpcHarness(core: Core): Promise<TransportHarness> {
  const host = await startHttpHost({ core, staticDir: null });
  return simulatedIpcHarness('IPC to a team server', (ipcMain) => bindIpcSessions(ipcMain, remoteSessions({ url: `${host.url.replace('http', 'ws')}api` })), () => host.close());
}
