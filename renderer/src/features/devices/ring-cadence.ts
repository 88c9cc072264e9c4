/**
 * The UK ringing cadence (BT SIN 350): 400 Hz + 450 Hz, on 0.4 s, off 0.2 s, on 0.4 s, off 2.0 s.
 * Returns the on-intervals (seconds from the start) for `cycles` repetitions, for scheduling gain changes.
 */
export const RING_FREQUENCIES_HZ = [400, 450] as const;
const PATTERN: readonly [on: number, off: number][] = [
  [0.4, 0.2],
  [0.4, 2.0],
];
export const RING_CYCLE_S = PATTERN.reduce((s, [on, off]) => s + on + off, 0);

export function ringOnIntervals(cycles: number): [start: number, end: number][] {
  const out: [number, number][] = [];
  let t = 0;
  for (let c = 0; c < cycles; c++) {
    for (const [on, off] of PATTERN) {
      out.push([t, t + on]);
      t += on + off;
    }
  }
  return out;
}
