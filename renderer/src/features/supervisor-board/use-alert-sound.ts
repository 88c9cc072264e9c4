import { useEffect, useRef, useState } from 'react';
import type { BoardAlert } from '../../../../shared/contract/schemas/board';
import { beep } from './alert-beep';

const MUTE_KEY = 'frontline.board.muted';

/** Whether this supervisor muted the alert sound (remembered in this browser). */
export function useMuted(): [boolean, (muted: boolean) => void] {
  const [muted, setMuted] = useState(() => typeof localStorage !== 'undefined' && localStorage.getItem(MUTE_KEY) === '1');
  return [
    muted,
    (next: boolean) => {
      setMuted(next);
      localStorage.setItem(MUTE_KEY, next ? '1' : '0');
    },
  ];
}

/** An alert sounds once when it becomes active and unacknowledged (again if it gets worse). */
const heardKey = (a: BoardAlert) => `${a.id}@${a.at}:${a.severity}`;

/** Beeps when a new unacknowledged active alert arrives; returns how many times it has sounded. */
export function useAlertSound(alerts: readonly BoardAlert[], muted: boolean): number {
  const heard = useRef(new Set<string>());
  const [sounded, setSounded] = useState(0);
  useEffect(() => {
    const fresh = alerts.filter((a) => a.active && a.acknowledgedBy === null && !heard.current.has(heardKey(a)));
    if (fresh.length === 0) return;
    for (const a of fresh) heard.current.add(heardKey(a));
    if (muted) return;
    beep(fresh.some((a) => a.severity === 'critical') ? 'critical' : 'warning');
    setSounded((n) => n + 1);
  }, [alerts, muted]);
  return sounded;
}
