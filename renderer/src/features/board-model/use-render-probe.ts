import { useEffect } from 'react';
import type { LatencyRing } from './latency-ring';

let marks = 0;

/**
 * After a render that showed a new delta: how long since the core sent it, and a
 * `board:rendered` performance mark (cleared every thousand so they do not pile up).
 */
export function useRenderProbe(lastDelta: { seq: number; at: number } | null, ring: LatencyRing): void {
  useEffect(() => {
    if (lastDelta === null) return;
    ring.push(Date.now() - lastDelta.at);
    if (++marks % 1000 === 0) performance.clearMarks('board:rendered');
    performance.mark('board:rendered', { detail: { seq: lastDelta.seq } });
  }, [lastDelta, ring]);
}
