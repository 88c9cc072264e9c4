import { useSyncExternalStore } from 'react';

/** One shared one-second clock for every ticking timer on the board (hundreds of rows, one interval). */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useClock(): number {
  // The same snapshot when rendered to a string (tests render alerts with react-dom/server).
  return useSyncExternalStore(subscribe, () => now, () => now);
}
