import { createIpcTransport, type BridgeLike } from './ipc-transport';
import type { Transport } from './transport';
import { createWsTransport } from './ws-transport';

declare global {
  interface Window {
    frontline?: BridgeLike;
  }
}

/** IPC inside Electron (the preload exposed window.frontline), otherwise WebSocket to the host that served the page. */
export function pickTransport(win: Window = window): Transport {
  if (win.frontline !== undefined) return createIpcTransport(win.frontline);
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsTransport({ url: `${scheme}//${win.location.host}/api` });
}
