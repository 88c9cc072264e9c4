import { useEffect, useState } from 'react';
import { useAppStores } from '../../app/stores-context';
import { useSoftphone } from '../softphone';
import { incomingNotice } from './incoming-call-alerts';
import { browserRingingSurface, createRingingNotifier, desktopRingingSurface, type RingingBridge, type RingingSurface } from './ringing-notifier';

const canNotify = typeof Notification !== 'undefined';

/** The desktop app's bridge when it offers notifications (an older preload does not). */
function desktopBridge(): RingingBridge | null {
  const bridge = (window as unknown as { frontline?: Partial<RingingBridge> }).frontline;
  return bridge?.showRinging !== undefined && bridge.closeRinging !== undefined && bridge.onRingingAction !== undefined ? (bridge as RingingBridge) : null;
}

/**
 * An incoming call reaches the agent wherever they are: announced to screen readers at once
 * (an assertive live region), and, when the window is not focused, as one notification
 * (ADR 0034): Electron's, with Answer and Decline where the platform shows buttons, in the desktop
 * app; the Notification API in a browser, where a click brings the desk forward. Permission (browser)
 * is asked on the agent's first click or key.
 */
export function IncomingCallAlerts() {
  const { softphone } = useAppStores();
  const ringing = useSoftphone((s) => s.calls.find((c) => c.state.phase === 'ringing' && c.direction === 'inbound') ?? null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (desktopBridge() !== null || !canNotify || Notification.permission !== 'default') return;
    const ask = (): void => void Notification.requestPermission().catch(() => undefined);
    window.addEventListener('pointerdown', ask, { once: true });
    window.addEventListener('keydown', ask, { once: true });
    return () => {
      window.removeEventListener('pointerdown', ask);
      window.removeEventListener('keydown', ask);
    };
  }, []);

  useEffect(() => {
    const desk = {
      answer: (callId: string) => void softphone.getState().answer(callId),
      decline: (callId: string) => void softphone.getState().run((p) => p.decline(callId)),
      focus: () => window.focus(),
    };
    const bridge = desktopBridge();
    const act = (message: Parameters<ReturnType<typeof createRingingNotifier>['act']>[0]): void => void notifier.act(message, softphone.getState().calls);
    const surface: RingingSurface | null = bridge !== null ? desktopRingingSurface(bridge) : canNotify ? browserRingingSurface(Notification, act) : null;
    if (surface === null) return;
    const notifier = createRingingNotifier(
      {
        show: (notice) => {
          // A browser notification needs the agent's permission; the desktop app's does not.
          if (bridge !== null || Notification.permission === 'granted') surface.show(notice);
        },
        close: (callId) => surface.close(callId),
      },
      desk,
    );
    const update = (): void => notifier.update(softphone.getState().calls, document.hasFocus());
    const offActions = bridge?.onRingingAction(act);
    const offCalls = softphone.subscribe((state, before) => state.calls !== before.calls && update());
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    update();
    return () => {
      offActions?.();
      offCalls();
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      notifier.update([], true);
    };
  }, [softphone]);

  const ringingId = ringing?.id ?? null;
  useEffect(() => {
    setAnnouncement(ringing === null ? '' : incomingNotice(ringing).announce);
    // Only a new ringing call (not every update of it) is announced.
  }, [ringingId]);

  return (
    <div className="sr-only" role="alert" aria-live="assertive" data-testid="incoming-call-announcement">
      {announcement}
    </div>
  );
}
