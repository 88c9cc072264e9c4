import { IPC_RINGING_ACTION, IPC_RINGING_CLOSE, IPC_RINGING_SHOW } from '../../shared/contract/ipc-channels';
import { readRingingNotice, type RingingAction } from '../../shared/contract/ringing-notice';
import type { IpcEventLike, IpcMainLike, IpcSender } from './ipc-binding';

/** What main asks of Electron's Notification constructor. */
export interface RingingNotificationOptions {
  title: string;
  body: string;
  actions: { type: 'button'; text: string }[];
  urgency: 'critical';
  timeoutType: 'never';
  /** The page rings on the agent's chosen ringer: the notification itself is silent. */
  silent: true;
}

/** The part of an Electron Notification used here. */
export interface NotificationLike {
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

/** The window the desk is in: brought forward on Answer or a click, and told what the agent chose. */
export interface RingingWindow {
  webContents: IpcSender;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Electron shows notification buttons on macOS only (Windows would need a toast XML with an
 * activation handler of its own; Linux notification daemons vary). Elsewhere the notification
 * has no buttons and a click brings the desk forward, where Alt+Y / Alt+N answer or decline.
 */
export function notificationActionsSupported(platform: NodeJS.Platform): boolean {
  return platform === 'darwin';
}

/**
 * The desktop half of incoming-call notifications (ADR 0034): the page says which call rings
 * and in which words (`IPC_RINGING_SHOW`), and when it stops (`IPC_RINGING_CLOSE`); main keeps
 * one notification at a time — a new one closes the last — and sends the agent's Answer,
 * Decline or click back (`IPC_RINGING_ACTION`). Answering or clicking brings the window forward.
 * What a press does to the call is the page's decision: it checks the call still rings.
 */
export function bindRingingNotifications(
  ipc: IpcMainLike,
  make: (options: RingingNotificationOptions) => NotificationLike,
  platform: NodeJS.Platform,
  trusted: (event: IpcEventLike) => boolean,
): { attach(window: RingingWindow): void } {
  let window: RingingWindow | null = null;
  let current: { callId: string; notification: NotificationLike } | null = null;

  function close(): void {
    const shown = current;
    current = null;
    shown?.notification.close();
  }
  function forward(): void {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
  function tell(callId: string, action: RingingAction): void {
    if (window !== null && !window.webContents.isDestroyed()) window.webContents.send(IPC_RINGING_ACTION, { callId, action });
  }

  ipc.handle(IPC_RINGING_SHOW, (event, value) => {
    if (!trusted(event)) return false;
    const notice = readRingingNotice(value);
    if (notice === null) return false;
    close();
    const buttons = notificationActionsSupported(platform);
    const notification = make({
      title: notice.title,
      body: notice.body,
      actions: buttons ? [{ type: 'button', text: notice.answer }, { type: 'button', text: notice.decline }] : [],
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
    });
    const shown = { callId: notice.callId, notification };
    notification.on('action', (_event, index) => {
      if (current !== shown || (index !== 0 && index !== 1)) return;
      const action = index === 0 ? 'answer' : 'decline';
      if (action === 'answer') forward();
      tell(shown.callId, action);
      close();
    });
    notification.on('click', () => {
      if (current !== shown) return;
      forward();
      tell(shown.callId, 'focus');
      close();
    });
    notification.on('close', () => {
      if (current === shown) current = null;
    });
    // Kept referenced until closed: Electron drops the handlers of a notification it collected.
    current = shown;
    notification.show();
    return true;
  });

  ipc.handle(IPC_RINGING_CLOSE, (event, callId) => {
    if (!trusted(event)) return false;
    if (current !== null && current.callId === callId) close();
    return true;
  });

  return {
    attach(w) {
      window = w;
    },
  };
}
