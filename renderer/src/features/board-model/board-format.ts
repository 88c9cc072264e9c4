import type { BoardCell, BoardState } from '../../../../shared/contract/schemas/board';
import { METRIC_DIRECTIONS } from '../../../../shared/domain/metrics/sla';
import type { MetricName } from '../../../../shared/domain/metrics/types';
import { formatMetric } from '../agent-stats';

/** The metrics a board cell can hold: they decide how its value reads (m:ss, %, count). */
export type CellMetric = 'aht_s' | 'agent_frt_s' | 'fcr_pct' | 'service_level_pct' | 'asa_s' | 'abandon_pct';

export { STATE_LABEL } from '../../ui/state-labels';

export const PHASE_LABEL = { ringing: 'Ringing', talking: 'Talking', held: 'On hold', 'wrap-up': 'Wrap-up' } as const;

export function formatCell(metric: CellMetric, cell: Pick<BoardCell, 'value'>): string {
  return formatMetric({ metric, value: cell.value });
}

/** "target ≤ 20.0 s", or null when the number has no target. */
export function formatCellTarget(metric: CellMetric, cell: BoardCell): string | null {
  if (cell.target === null) return null;
  const direction = METRIC_DIRECTIONS[metric as MetricName];
  const sign = direction === 'at-most' ? '≤' : direction === 'at-least' ? '≥' : '';
  return `target ${sign} ${formatMetric({ metric, value: cell.target })}`.replace('  ', ' ');
}

export const RAG_WORD = { green: 'on target', amber: 'near target', red: 'off target', none: 'no target' } as const;

export type Severity = 'ok' | 'warn' | 'critical';

/** How long in a state is too long: amber past warnS, red past criticalS (states without thresholds never escalate). */
export function stateSeverity(state: string, since: number, now: number, thresholds: BoardState['thresholds']): Severity {
  const limits = thresholds[state];
  if (limits === undefined) return 'ok';
  const seconds = (now - since) / 1000;
  if (seconds >= limits.criticalS) return 'critical';
  return seconds >= limits.warnS ? 'warn' : 'ok';
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A wall-clock time as HH:MM:SS, or a dash. */
export function formatClock(epochMs: number | null): string {
  return epochMs === null ? '—' : clock.format(epochMs);
}
