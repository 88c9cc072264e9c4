/** The last `size` samples, oldest first: a plain array so a benchmark can read it from the page. */
export function createLatencyRing(size = 1000) {
  const samples: number[] = [];
  return {
    samples,
    push(value: number): void {
      samples.push(value);
      if (samples.length > size) samples.splice(0, samples.length - size);
    },
  };
}

export type LatencyRing = ReturnType<typeof createLatencyRing>;
