import { newCallContext, type Core } from '../core';
import { err, type Result } from '../../shared/contract/result';
import type { EventFrame } from '../../shared/contract/wire';
import { IPC_CALL, IPC_CONNECTION, IPC_CONNECTION_STATE, IPC_EVENT, IPC_SUBSCRIBE } from '../../shared/contract/ipc-channels';

/** The part of a WebContents the binding uses (Electron's, or a simulated one in tests). */
export interface IpcSender {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** What the binding reads of an IPC event: the window, and the frame that sent it. */
export interface IpcEventLike {
  sender: IpcSender;
  senderFrame?: { url: string; parent: unknown } | null;
}

/** The part of Electron's ipcMain the binding uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type DeskConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * One window's session, wherever the core is: the embedded core (a call context) or a team
 * server (a WebSocket link, ADR 0031). The window cannot tell which.
 */
export interface DeskSession {
  call(method: string, params: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /** Only a remote session has a connection of its own to report; the embedded core is always there. */
  onState?(listener: (state: DeskConnectionState, detail?: string) => void): () => void;
  close(): void;
}

/** Sessions on the embedded core: one call context per window. */
export function embeddedSessions(core: Core): () => DeskSession {
  return () => {
    const ctx = newCallContext();
    return {
      call: (method, params) => core.dispatch(method, params, ctx),
      subscribe: (listener) => core.subscribe(ctx, listener),
      close: () => core.connectionClosed(ctx),
    };
  };
}

/**
 * Binds the contract to Electron IPC: one session per window (WebContents), contract calls on one
 * channel, events pushed to the windows that subscribed, and a remote session's connection state.
 */
export function bindIpc(ipc: IpcMainLike, core: Core, trusted?: (event: IpcEventLike) => boolean): () => void {
  return bindIpcSessions(ipc, embeddedSessions(core), trusted);
}

export function bindIpcSessions(ipc: IpcMainLike, open: () => DeskSession, trusted: (event: IpcEventLike) => boolean = () => true): () => void {
  const windows = new Map<number, { session: DeskSession; state: DeskConnectionState; unsubscribe: (() => void) | null; seq: number }>();

  function windowOf(sender: IpcSender) {
    let win = windows.get(sender.id);
    if (win === undefined) {
      const session = open();
      // A remote session connects first; the embedded core is there from the start.
      const created = { session, state: (session.onState === undefined ? 'open' : 'connecting') as DeskConnectionState, unsubscribe: null as (() => void) | null, seq: 0 };
      win = created;
      windows.set(sender.id, created);
      session.onState?.((state) => {
        created.state = state;
        if (!sender.isDestroyed()) sender.send(IPC_CONNECTION, state);
      });
      sender.once('destroyed', () => {
        windows.delete(sender.id);
        created.unsubscribe?.();
        session.close();
      });
    }
    return win;
  }

  ipc.handle(IPC_CALL, (event, method, params) => {
    // Only the app's own top frame may call the core (not an iframe, not a page navigated elsewhere).
    if (!trusted(event)) return err('FORBIDDEN', 'calls are accepted only from the app window');
    if (typeof method !== 'string') return err('BAD_FRAME', 'method must be a string');
    return windowOf(event.sender).session.call(method, params);
  });
  ipc.handle(IPC_SUBSCRIBE, (event) => {
    if (!trusted(event)) return false;
    const sender = event.sender;
    const win = windowOf(sender);
    if (win.unsubscribe !== null) return true;
    // The core decides what this window may receive (its own agent's events, the board once subscribed).
    win.unsubscribe = win.session.subscribe((name, payload) => {
      if (sender.isDestroyed()) return;
      const frame: EventFrame = { event: name, seq: ++win.seq, payload };
      sender.send(IPC_EVENT, frame);
    });
    return true;
  });
  ipc.handle(IPC_CONNECTION_STATE, (event) => (trusted(event) ? windowOf(event.sender).state : 'closed'));

  return () => {
    for (const win of windows.values()) win.unsubscribe?.();
    ipc.removeHandler(IPC_CALL);
    ipc.removeHandler(IPC_SUBSCRIBE);
    ipc.removeHandler(IPC_CONNECTION_STATE);
  };
}
