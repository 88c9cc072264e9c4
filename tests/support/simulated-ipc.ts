import { EventEmitter } from 'node:events';
import type { IpcMainLike, IpcSender } from '../../electron/main/ipc-binding';
import type { IpcRendererLike } from '../../electron/preload/bridge';

type Handler = (event: { sender: IpcSender }, ...args: unknown[]) => unknown;

/**
 * An in-process stand-in for Electron's ipcMain / ipcRenderer pair with the same
 * semantics that matter: arguments and results cross by structured clone, each window has
 * its own sender, and main pushes with webContents.send. The real binding code runs on it.
 */
export function createSimulatedIpc() {
  const handlers = new Map<string, Handler>();
  let nextSenderId = 1;

  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };

  /** One renderer window: its ipcRenderer, and a destroy() like closing the window. */
  function openWindow(): { ipcRenderer: IpcRendererLike; destroy(): void } {
    const toRenderer = new EventEmitter();
    const lifecycle = new EventEmitter();
    let destroyed = false;
    const sender: IpcSender = {
      id: nextSenderId++,
      send: (channel, ...args) => {
        const cloned = structuredClone(args);
        queueMicrotask(() => toRenderer.emit(channel, {}, ...cloned));
      },
      isDestroyed: () => destroyed,
      once: (event, listener) => lifecycle.once(event, listener),
    };
    const ipcRenderer: IpcRendererLike = {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler({ sender }, ...structuredClone(args)));
      },
      on: (channel, listener) => toRenderer.on(channel, listener),
      removeListener: (channel, listener) => toRenderer.removeListener(channel, listener),
    };
    return {
      ipcRenderer,
      destroy() {
        destroyed = true;
        lifecycle.emit('destroyed');
      },
    };
  }

  return { ipcMain, openWindow };
}
