import { useEffect, useRef, useState } from 'react';
import { useSoftphone } from '../softphone';
import { incomingNotice, RINGING_TAG } from './incoming-call-alerts';

const canNotify = typeof Notification !== 'undefined';

/**
 * An incoming call reaches the agent wherever they are: announced to screen readers at once
 * (an assertive live region), and, when the window is not focused, as a desktop notification
 * (the Notification API; clicking it brings the desk forward). One ringing notification at a time,
 * closed as soon as the call stops ringing. Permission is asked on the agent's first click or key.
 */
export function IncomingCallAlerts() {
  const ringing = useSoftphone((s) => s.calls.find((c) => c.state.phase === 'ringing' && c.direction === 'inbound') ?? null);
  const [announcement, setAnnouncement] = useState('');
  const shown = useRef<Notification | null>(null);

  useEffect(() => {
    if (!canNotify || Notification.permission !== 'default') return;
    const ask = (): void => void Notification.requestPermission().catch(() => undefined);
    window.addEventListener('pointerdown', ask, { once: true });
    window.addEventListener('keydown', ask, { once: true });
    return () => {
      window.removeEventListener('pointerdown', ask);
      window.removeEventListener('keydown', ask);
    };
  }, []);

  const ringingId = ringing?.id ?? null;
  useEffect(() => {
    if (ringing === null) {
      setAnnouncement('');
      return;
    }
    const notice = incomingNotice(ringing);
    setAnnouncement(notice.announce);
    if (canNotify && Notification.permission === 'granted' && !document.hasFocus()) {
      const n = new Notification(notice.title, { body: notice.body, tag: RINGING_TAG, requireInteraction: true });
      n.onclick = () => {
        window.focus();
        n.close();
      };
      shown.current = n;
    }
    return () => {
      shown.current?.close();
      shown.current = null;
    };
    // Only a new ringing call (not every update of it) announces and notifies.
  }, [ringingId]);

  return (
    <div className="sr-only" role="alert" aria-live="assertive" data-testid="incoming-call-announcement">
      {announcement}
    </div>
  );
}
