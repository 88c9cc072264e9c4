import { useLayoutEffect, useState, type RefObject } from 'react';

/** A queue tile needs at least this much room on a wallboard, in rem (the root size follows the screen). */
export const TILE_MIN_REM = { width: 21, height: 30 } as const;
const GAP_REM = 1;

/** How many queue tiles fit in the area without scrolling: columns × rows of the smallest readable tile. */
export function tilesThatFit(width: number, height: number, rootPx: number): number {
  const gap = GAP_REM * rootPx;
  const cols = Math.max(1, Math.floor((width + gap) / (TILE_MIN_REM.width * rootPx + gap)));
  const rows = Math.max(1, Math.floor((height + gap) / (TILE_MIN_REM.height * rootPx + gap)));
  return cols * rows;
}

/** tilesThatFit for an element, kept up to date as the screen (or the browser zoom) changes. */
export function useQueueCapacity(ref: RefObject<HTMLElement | null>): number {
  const [capacity, setCapacity] = useState(4);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = (): void => {
      const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      setCapacity(tilesThatFit(el.clientWidth, el.clientHeight, rootPx));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return capacity;
}
