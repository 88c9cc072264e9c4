import { describe, expect, it } from 'vitest';
import type { IpcEventLike, IpcMainLike } from '../../electron/main/ipc-binding';
import { bindRingingNotifications, type NotificationLike, type RingingNotificationOptions, type RingingWindow } from '../../electron/main/ringing-notifications';
import { ringingLink, ringingToastXml } from '../../electron/main/ringing-toast';
import { IPC_RINGING_ACTION, IPC_RINGING_CLOSE, IPC_RINGING_SHOW } from '../../shared/contract/ipc-channels';

type Handler = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** A recording Electron Notification: its options, its listeners, shown or closed. */
class FakeNotification implements NotificationLike {
  readonly listeners = new Map<string, (...args: never[]) => void>();
  state: 'new' | 'shown' | 'closed' = 'new';
  constructor(readonly options: RingingNotificationOptions) {}
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  show(): void {
    this.state = 'shown';
  }
  close(): void {
    this.state = 'closed';
    (this.listeners.get('close') as (() => void) | undefined)?.();
  }
  press(index: number): void {
    (this.listeners.get('action') as ((e: unknown, i: number) => void) | undefined)?.({}, index);
  }
  click(): void {
    (this.listeners.get('click') as (() => void) | undefined)?.();
  }
}

function rig(platform: NodeJS.Platform) {
  const handlers = new Map<string, Handler>();
  const ipc: IpcMainLike = { handle: (channel, fn) => handlers.set(channel, fn), removeHandler: () => undefined };
  const made: FakeNotification[] = [];
  const sent: unknown[] = [];
  const window: RingingWindow & { log: string[] } = {
    log: [],
    webContents: { id: 1, send: (channel: string, value: unknown) => sent.push([channel, value]), isDestroyed: () => false, once: () => undefined },
    isMinimized: () => true,
    restore: () => window.log.push('restore'),
    show: () => window.log.push('show'),
    focus: () => window.log.push('focus'),
  };
  const own: IpcEventLike = { sender: window.webContents, senderFrame: { url: 'file:///app/index.html', parent: null } };
  const foreign: IpcEventLike = { sender: window.webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
  const binding = bindRingingNotifications(ipc, (o) => made[made.push(new FakeNotification(o)) - 1] as FakeNotification, platform, (e) => e.senderFrame?.url === 'file:///app/index.html');
  binding.attach(window);
  const activate = (link: string) => binding.activate(link);
  const show = (event: IpcEventLike, notice: unknown) => handlers.get(IPC_RINGING_SHOW)?.(event, notice);
  const close = (event: IpcEventLike, callId: unknown) => handlers.get(IPC_RINGING_CLOSE)?.(event, callId);
  return { made, sent, window, own, foreign, show, close, activate };
}

const NOTICE = { callId: 'c1', title: 'Eingehender Anruf – Olivia Bennett', body: '+44 20 7946 0958 · Sales', answer: 'Annehmen', decline: 'Ablehnen' };

describe('Electron notifications for a ringing call (main-process glue, ADR 0034)', () => {
  it('on macOS shows Answer and Decline buttons in the page’s words, silent (the page rings), until acted on', () => {
    const { made, show, own } = rig('darwin');
    expect(show(own, NOTICE)).toBe(true);
    expect(made).toHaveLength(1);
    expect(made[0]?.state).toBe('shown');
    expect(made[0]?.options).toEqual({
      title: NOTICE.title,
      body: NOTICE.body,
      actions: [
        { type: 'button', text: 'Annehmen' },
        { type: 'button', text: 'Ablehnen' },
      ],
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
    });
  });

  it('on Windows shows a toast of its own XML whose Answer/Decline open frontline://ringing links, routed to the same IPC', () => {
    const { made, sent, window, show, own, activate } = rig('win32');
    show(own, NOTICE);
    expect(made[0]?.options.actions).toEqual([]);
    expect(made[0]?.options.toastXml).toBe(ringingToastXml(NOTICE));
    expect(activate(ringingLink('c1', 'answer'))).toBe(true);
    expect(window.log).toEqual(['restore', 'show', 'focus']);
    expect(made[0]?.state).toBe('closed');
    show(own, { ...NOTICE, callId: 'c2' });
    expect(activate(ringingLink('c2', 'decline'))).toBe(true);
    expect(window.log).toHaveLength(3);
    show(own, { ...NOTICE, callId: 'c3' });
    expect(activate(ringingLink('c3', 'focus'))).toBe(true);
    expect(sent).toEqual([
      [IPC_RINGING_ACTION, { callId: 'c1', action: 'answer' }],
      [IPC_RINGING_ACTION, { callId: 'c2', action: 'decline' }],
      [IPC_RINGING_ACTION, { callId: 'c3', action: 'focus' }],
    ]);
  });

  it('on Windows ignores a late press on a toast no longer shown, and leaves other links to the dialler', () => {
    const { sent, show, own, activate, close } = rig('win32');
    show(own, NOTICE);
    show(own, { ...NOTICE, callId: 'c2' });
    expect(activate(ringingLink('c1', 'answer'))).toBe(true);
    close(own, 'c2');
    expect(activate(ringingLink('c2', 'answer'))).toBe(true);
    expect(sent).toEqual([]);
    expect(activate('frontline://dial?number=%2B442079460958')).toBe(false);
    expect(activate('tel:+442079460958')).toBe(false);
  });

  it('on Linux shows no buttons: a click brings the window forward and tells the page', () => {
    const { made, sent, window, show, own } = rig('linux');
    show(own, NOTICE);
    expect(made[0]?.options.actions).toEqual([]);
    expect(made[0]?.options.toastXml).toBeUndefined();
    made[0]?.click();
    expect(window.log).toEqual(['restore', 'show', 'focus']);
    expect(sent).toEqual([[IPC_RINGING_ACTION, { callId: 'c1', action: 'focus' }]]);
    expect(made[0]?.state).toBe('closed');
  });

  it('Answer brings the window forward and tells the page; Decline only tells it; each closes the notification', () => {
    const { made, sent, window, show, own } = rig('darwin');
    show(own, NOTICE);
    made[0]?.press(0);
    expect(window.log).toEqual(['restore', 'show', 'focus']);
    show(own, { ...NOTICE, callId: 'c2' });
    made[1]?.press(1);
    expect(window.log).toHaveLength(3);
    expect(sent).toEqual([
      [IPC_RINGING_ACTION, { callId: 'c1', action: 'answer' }],
      [IPC_RINGING_ACTION, { callId: 'c2', action: 'decline' }],
    ]);
    expect(made.map((n) => n.state)).toEqual(['closed', 'closed']);
  });

  it('one ringing surface: a new call’s notification closes the last, whose late press is ignored', () => {
    const { made, sent, show, own } = rig('darwin');
    show(own, NOTICE);
    show(own, { ...NOTICE, callId: 'c2' });
    expect(made.map((n) => n.state)).toEqual(['closed', 'shown']);
    made[0]?.press(0);
    made[0]?.click();
    expect(sent).toEqual([]);
  });

  it('closes a call’s notification when the page says it stopped ringing, not another call’s', () => {
    const { made, show, close, own } = rig('darwin');
    show(own, NOTICE);
    expect(close(own, 'other')).toBe(true);
    expect(made[0]?.state).toBe('shown');
    close(own, 'c1');
    expect(made[0]?.state).toBe('closed');
  });

  it('refuses other frames and malformed notices: nothing is shown', () => {
    const { made, show, close, own, foreign } = rig('darwin');
    expect(show(foreign, NOTICE)).toBe(false);
    expect(show(own, { ...NOTICE, title: '' })).toBe(false);
    expect(show(own, { ...NOTICE, body: 'x'.repeat(301) })).toBe(false);
    expect(show(own, { ...NOTICE, answer: 42 })).toBe(false);
    expect(show(own, null)).toBe(false);
    expect(made).toEqual([]);
    show(own, NOTICE);
    expect(close(foreign, 'c1')).toBe(false);
    expect(made[0]?.state).toBe('shown');
  });
});
