/** Nearest-rank percentile of already-sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Row {
  label: string;
  samplesMs: number[];
}

/** A fixed-width table of p50 / p90 / p99 / max in milliseconds (and the min first, when asked). */
export function printLatencyTable(title: string, rows: Row[], options: { min?: boolean } = {}): void {
  const percentiles = options.min === true ? [0, 50, 90, 99, 100] : [50, 90, 99, 100];
  const header = ['path', 'samples', ...percentiles.map((p) => (p === 0 ? 'min ms' : p === 100 ? 'max ms' : `p${p} ms`))];
  const lines = rows.map((r) => {
    const s = [...r.samplesMs].sort((a, b) => a - b);
    return [r.label, String(s.length), ...percentiles.map((p) => (p === 0 ? (s[0] ?? Number.NaN) : percentile(s, p)).toFixed(3))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${title}`);
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
