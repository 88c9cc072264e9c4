import type { BoardTrace } from '../../../shared/contract/schemas/board';
import type { SlaTargetDto } from '../../../shared/contract/schemas/metrics';
import { rag } from '../../../shared/domain/metrics/sla';
import type { MetricResult } from '../../../shared/domain/metrics/types';
import { MAX_CALL_IDS } from '../metrics/metrics-service';

/**
 * A metric as a board cell (value, red/amber/green against its target, formula, how many calls)
 * with the (capped) calls behind it beside it: the cell goes out in deltas, the calls stay on the
 * server until a supervisor traces the number (`board.trace`, ADR 0042).
 */
export function boardCell(result: MetricResult, target: SlaTargetDto | null): BoardTrace {
  const callIds = result.callIds.length > MAX_CALL_IDS ? result.callIds.slice(0, MAX_CALL_IDS) : result.callIds;
  return {
    cell: {
      value: result.value,
      rag: target === null ? 'none' : rag(result.value, target.target, target.direction, target.amberBand),
      target: target?.target ?? null,
      formula: result.formula,
      ...(result.provisional === undefined ? {} : { provisional: result.provisional }),
      calls: callIds.length,
    },
    callIds,
  };
}
