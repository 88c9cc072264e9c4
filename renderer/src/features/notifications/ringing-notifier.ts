import type { RingingActionMessage, RingingNotice } from '../../../../shared/contract/ringing-notice';
import { i18nNow } from '../../i18n';
import type { CallView } from '../softphone';
import { incomingNotice, RINGING_TAG } from './incoming-call-alerts';

/** Where a ringing call is shown outside the page: a browser notification, or the desktop app's. */
export interface RingingSurface {
  show(notice: RingingNotice): void;
  close(callId: string): void;
}

/** What the agent's press on the surface does on the desk. */
export interface RingingDesk {
  answer(callId: string): void;
  decline(callId: string): void;
  /** Bring the desk forward (the browser window; the desktop app's main process does its own). */
  focus(): void;
}

/** The call to notify about: the newest inbound call ringing — none while the agent is looking at the desk. */
export function ringingToNotify(calls: readonly CallView[], focused: boolean): CallView | null {
  if (focused) return null;
  return calls.filter((c) => c.direction === 'inbound' && c.state.phase === 'ringing').at(-1) ?? null;
}

/** The notice for a call, in the agent's language. */
export function ringingNotice(call: CallView): RingingNotice {
  const t = i18nNow().t;
  const { title, body } = incomingNotice(call);
  return { callId: call.id, title, body, answer: t('notify.answer'), decline: t('notify.decline') };
}

/**
 * One ringing surface per agent (ADR 0034). `update` runs whenever the calls or the window's focus
 * change: a new ringing call replaces the notification, and it closes when its call stops ringing
 * or the desk gets the focus back. `act` is the agent's press: Answer and Decline act only on that
 * call while it still rings (a late press on a call answered or ended meanwhile does nothing);
 * Answer and a click bring the desk forward.
 */
export function createRingingNotifier(surface: RingingSurface, desk: RingingDesk) {
  let shown: string | null = null;
  return {
    update(calls: readonly CallView[], focused: boolean): void {
      const call = ringingToNotify(calls, focused);
      const want = call?.id ?? null;
      if (want === shown) return;
      if (shown !== null) surface.close(shown);
      shown = want;
      if (call !== null) surface.show(ringingNotice(call));
    },
    act(message: RingingActionMessage, calls: readonly CallView[]): 'answered' | 'declined' | 'focused' | 'ignored' {
      if (message.callId === shown) shown = null;
      if (message.action === 'focus') {
        desk.focus();
        return 'focused';
      }
      const call = calls.find((c) => c.id === message.callId);
      if (call === undefined || call.direction !== 'inbound' || call.state.phase !== 'ringing') return 'ignored';
      if (message.action === 'answer') {
        desk.focus();
        desk.answer(call.id);
        return 'answered';
      }
      desk.decline(call.id);
      return 'declined';
    },
  };
}

/** The Notification constructor as the page sees it (the browser's, recorded in tests). */
type NotificationConstructorLike = new (title: string, options: NotificationOptions) => Pick<Notification, 'close' | 'onclick'>;

/**
 * Browser mode: the Notification API. Without a service worker a page notification cannot carry
 * buttons, so a click brings the desk forward (Alt+Y / Alt+N answer or decline there). Every
 * ringing notification shares one tag: the system replaces rather than stacks them.
 */
export function browserRingingSurface(Notify: NotificationConstructorLike, onAction: (message: RingingActionMessage) => void): RingingSurface {
  let open: { callId: string; notification: Pick<Notification, 'close' | 'onclick'> } | null = null;
  return {
    show(notice) {
      open?.notification.close();
      const notification = new Notify(notice.title, { body: notice.body, tag: RINGING_TAG, requireInteraction: true });
      notification.onclick = () => {
        notification.close();
        onAction({ callId: notice.callId, action: 'focus' });
      };
      open = { callId: notice.callId, notification };
    },
    close(callId) {
      if (open?.callId !== callId) return;
      open.notification.close();
      open = null;
    },
  };
}

/** The desktop app's bridge (window.frontline), as far as notifications go. */
export interface RingingBridge {
  showRinging(notice: RingingNotice): Promise<boolean>;
  closeRinging(callId: string): Promise<boolean>;
  onRingingAction(listener: (message: RingingActionMessage) => void): () => void;
}

/** The desktop app: Electron's notification, with Answer and Decline where the platform shows buttons. */
export function desktopRingingSurface(bridge: RingingBridge): RingingSurface {
  return {
    show: (notice) => void bridge.showRinging(notice),
    close: (callId) => void bridge.closeRinging(callId),
  };
}
