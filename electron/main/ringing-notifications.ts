import { IPC_RINGING_ACTION, IPC_RINGING_CLOSE, IPC_RINGING_SHOW } from '../../shared/contract/ipc-channels';
import { readRingingNotice, type RingingAction } from '../../shared/contract/ringing-notice';
import type { IpcEventLike, IpcMainLike, IpcSender } from './ipc-binding';
import { readRingingLink, ringingToastXml } from './ringing-toast';

/** What main asks of Electron's Notification constructor. */
export interface RingingNotificationOptions {
  title: string;
  body: string;
  actions: { type: 'button'; text: string }[];
  urgency: 'critical';
  timeoutType: 'never';
  /** The page rings on the agent's chosen ringer: the notification itself is silent. */
  silent: true;
  /** Windows: the whole toast, with Answer/Decline as protocol buttons (ringing-toast.ts). */
  toastXml?: string;
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
 * How Answer and Decline reach main: Electron's buttons on macOS (their `action` event), a toast
 * XML of our own whose buttons open `frontline://ringing/…` links on Windows (Electron delivers
 * no `action` event there outside MSIX packages). Linux notification daemons vary: there the
 * notification has no buttons and a click brings the desk forward, where Alt+Y / Alt+N work.
 */
export function notificationButtons(platform: NodeJS.Platform): 'actions' | 'toast' | 'none' {
  if (platform === 'darwin') return 'actions';
  if (platform === 'win32') return 'toast';
  return 'none';
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
): { attach(window: RingingWindow): void; activate(link: string): boolean } {
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
  /** The agent acted on the notification shown now: Answer and a click bring the desk forward; the page is told; it closes. */
  function act(action: RingingAction): void {
    if (current === null) return;
    const { callId } = current;
    if (action !== 'decline') forward();
    tell(callId, action);
    close();
  }

  ipc.handle(IPC_RINGING_SHOW, (event, value) => {
    if (!trusted(event)) return false;
    const notice = readRingingNotice(value);
    if (notice === null) return false;
    close();
    const buttons = notificationButtons(platform);
    const notification = make({
      title: notice.title,
      body: notice.body,
      actions: buttons === 'actions' ? [{ type: 'button', text: notice.answer }, { type: 'button', text: notice.decline }] : [],
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
      ...(buttons === 'toast' ? { toastXml: ringingToastXml(notice) } : {}),
    });
    const shown = { callId: notice.callId, notification };
    notification.on('action', (_event, index) => {
      if (current !== shown || (index !== 0 && index !== 1)) return;
      act(index === 0 ? 'answer' : 'decline');
    });
    notification.on('click', () => {
      if (current !== shown) return;
      act('focus');
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
    /**
     * A `frontline://ringing/…` link from a Windows toast's button or body (handed over by the OS
     * through the single-instance lock). True when it was one, whatever it did: a press on a toast
     * that is no longer the one shown (replaced, closed, the call answered at the desk) does nothing.
     */
    activate(link) {
      const message = readRingingLink(link);
      if (message === null) return false;
      if (current !== null && current.callId === message.callId) act(message.action);
      return true;
    },
  };
}
