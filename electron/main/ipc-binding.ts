import { newCallContext, type CallContext, type Core } from '../core';
import { err } from '../../shared/contract/result';
import type { EventFrame } from '../../shared/contract/wire';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE } from '../../shared/contract/ipc-channels';

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

/**
 * Binds the core dispatcher to Electron IPC: one session per window (WebContents),
 * contract calls on one channel, events pushed to the windows that subscribed.
 */
export function bindIpc(ipc: IpcMainLike, core: Core, trusted: (event: IpcEventLike) => boolean = () => true): () => void {
  const contexts = new Map<number, CallContext>();
  const subscribers = new Map<number, { sender: IpcSender; seq: number; unsubscribe: () => void }>();

  function contextFor(sender: IpcSender): CallContext {
    let ctx = contexts.get(sender.id);
    if (ctx === undefined) {
      ctx = newCallContext();
      contexts.set(sender.id, ctx);
      sender.once('destroyed', () => {
        contexts.delete(sender.id);
        core.connectionClosed(ctx as CallContext);
        subscribers.get(sender.id)?.unsubscribe();
        subscribers.delete(sender.id);
      });
    }
    return ctx;
  }

  ipc.handle(IPC_CALL, (event, method, params) => {
    // Only the app's own top frame may call the core (not an iframe, not a page navigated elsewhere).
    if (!trusted(event)) return err('FORBIDDEN', 'calls are accepted only from the app window');
    if (typeof method !== 'string') return err('BAD_FRAME', 'method must be a string');
    return core.dispatch(method, params, contextFor(event.sender));
  });
  ipc.handle(IPC_SUBSCRIBE, (event) => {
    if (!trusted(event)) return false;
    const sender = event.sender;
    const ctx = contextFor(sender);
    if (subscribers.has(sender.id)) return true;
    const sub = { sender, seq: 0, unsubscribe: () => {} };
    // The core decides what this window may receive (its own agent's events, the board once subscribed).
    sub.unsubscribe = core.subscribe(ctx, (name, payload) => {
      if (sender.isDestroyed()) return;
      const frame: EventFrame = { event: name, seq: ++sub.seq, payload };
      sender.send(IPC_EVENT, frame);
    });
    subscribers.set(sender.id, sub);
    return true;
  });

  return () => {
    for (const sub of subscribers.values()) sub.unsubscribe();
    ipc.removeHandler(IPC_CALL);
    ipc.removeHandler(IPC_SUBSCRIBE);
  };
}
