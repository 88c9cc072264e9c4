import type { BoardCell, BoardState } from '../../../../shared/contract/schemas/board';
import { METRIC_DIRECTIONS } from '../../../../shared/domain/metrics/sla';
import type { MetricName } from '../../../../shared/domain/metrics/types';
import { i18nNow } from '../../i18n';
import { formatClockTime } from '../../ui/format';
import { liveLabels } from '../../ui/live-labels';
import { formatMetric } from '../agent-stats';

/** The metrics a board cell can hold: they decide how its value reads (m:ss, %, count). */
export type CellMetric = 'aht_s' | 'agent_frt_s' | 'fcr_pct' | 'service_level_pct' | 'asa_s' | 'abandon_pct';

export { STATE_LABEL } from '../../ui/state-labels';

type Phase = 'ringing' | 'talking' | 'held' | 'wrap-up';
export const PHASE_LABEL: Readonly<Record<Phase, string>> = liveLabels(['ringing', 'talking', 'held', 'wrap-up'] as const, (p) => i18nNow().t(`board.phase.${p}`));

export function formatCell(metric: CellMetric, cell: Pick<BoardCell, 'value'>): string {
  return formatMetric({ metric, value: cell.value });
}

/** "target ≤ 20.0 s", or null when the number has no target. */
export function formatCellTarget(metric: CellMetric, cell: BoardCell): string | null {
  if (cell.target === null) return null;
  const direction = METRIC_DIRECTIONS[metric as MetricName];
  const sign = direction === 'at-most' ? '≤ ' : direction === 'at-least' ? '≥ ' : '';
  return i18nNow().t('board.target', { value: `${sign}${formatMetric({ metric, value: cell.target })}` });
}

type Rag = 'green' | 'amber' | 'red' | 'none';
export const RAG_WORD: Readonly<Record<Rag, string>> = liveLabels(['green', 'amber', 'red', 'none'] as const, (r) => i18nNow().t(`board.rag.${r}`));

export type Severity = 'ok' | 'warn' | 'critical';

/** How long in a state is too long: amber past warnS, red past criticalS (states without thresholds never escalate). */
export function stateSeverity(state: string, since: number, now: number, thresholds: BoardState['thresholds']): Severity {
  const limits = thresholds[state];
  if (limits === undefined) return 'ok';
  const seconds = (now - since) / 1000;
  if (seconds >= limits.criticalS) return 'critical';
  return seconds >= limits.warnS ? 'warn' : 'ok';
}

/** A wall-clock time as HH:MM:SS in the user's locale, or a dash. */
export function formatClock(epochMs: number | null): string {
  return epochMs === null ? '—' : formatClockTime(epochMs);
}
