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

/** A fixed-width table of p50 / p90 / p99 / max in milliseconds. */
export function printLatencyTable(title: string, rows: Row[]): void {
  const header = ['path', 'samples', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  const lines = rows.map((r) => {
    const s = [...r.samplesMs].sort((a, b) => a - b);
    return [r.label, String(s.length), ...[50, 90, 99, 100].map((p) => percentile(s, p).toFixed(3))];
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
