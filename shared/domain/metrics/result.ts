import type { MetricName, MetricResult } from './types';

/** Ascending, without duplicates: the drill-down list of a result. */
export function sortedIds(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Milliseconds as seconds, exact (a median may hold half a millisecond): 1230000 → "1230.0 s". */
export function formatMs(ms: number): string {
  const digits = (ms / 1000).toFixed(4).replace(/0+$/, '');
  return `${digits.endsWith('.') ? `${digits}0` : digits} s`;
}

/** A window such as W or the transfer grace in its largest whole unit: "7 d", "15 min". */
export function formatWindow(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0 && ms >= size) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

const NOTHING = '— (nothing counted)';

/** An average duration: value = Σ ms / count / 1000. */
export function averageResult(
  metric: MetricName,
  definition: string,
  numeratorMs: number,
  denominator: number,
  callIds: Iterable<number>,
): MetricResult {
  const value = denominator === 0 ? null : numeratorMs / denominator / 1000;
  const shown = value === null ? NOTHING : `${value.toFixed(1)} s`;
  return {
    metric,
    value,
    numerator: numeratorMs,
    denominator,
    formula: `${definition} = ${formatMs(numeratorMs)} / ${denominator} = ${shown}`,
    callIds: sortedIds(callIds),
  };
}

/** A percentage: value = numerator × 100 / denominator; `unit` says how the parts are shown. */
export function percentResult(
  metric: MetricName,
  definition: string,
  numerator: number,
  denominator: number,
  callIds: Iterable<number>,
  unit: 'count' | 'ms' = 'count',
): MetricResult {
  const value = denominator === 0 ? null : (numerator * 100) / denominator;
  const show = (n: number) => (unit === 'ms' ? formatMs(n) : String(n));
  const shown = value === null ? NOTHING : `${value.toFixed(1)}%`;
  return {
    metric,
    value,
    numerator,
    denominator,
    formula: `${definition} = ${show(numerator)} / ${show(denominator)} = ${shown}`,
    callIds: sortedIds(callIds),
  };
}

/** A plain count; the denominator is 1 so the value is the count (0 rather than null). */
export function countResult(metric: MetricName, definition: string, callIds: readonly number[]): MetricResult {
  const ids = sortedIds(callIds);
  return countOf(metric, definition, ids.length, ids);
}

/** A count of `count` distinct calls, of which `callIds` (ascending, distinct) are listed: a list cut short counts all the same. */
export function countOf(metric: MetricName, definition: string, count: number, callIds: number[]): MetricResult {
  return { metric, value: count, numerator: count, denominator: 1, formula: `${definition} = ${count}`, callIds };
}

/** A metric that has no meaning for the scope asked about (e.g. abandon rate for an agent). */
export function notApplicable(metric: MetricName, reason: string): MetricResult {
  return { metric, value: null, numerator: 0, denominator: 0, formula: reason, callIds: [] };
}
