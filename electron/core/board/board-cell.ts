import type { BoardCell } from '../../../shared/contract/schemas/board';
import type { SlaTargetDto } from '../../../shared/contract/schemas/metrics';
import { rag } from '../../../shared/domain/metrics/sla';
import type { MetricResult } from '../../../shared/domain/metrics/types';
import { MAX_CALL_IDS } from '../metrics/metrics-service';

/** A metric as a board cell: value, red/amber/green against its target, formula and (capped) calls. */
export function boardCell(result: MetricResult, target: SlaTargetDto | null): BoardCell {
  return {
    value: result.value,
    rag: target === null ? 'none' : rag(result.value, target.target, target.direction, target.amberBand),
    target: target?.target ?? null,
    formula: result.formula,
    ...(result.provisional === undefined ? {} : { provisional: result.provisional }),
    callIds: result.callIds.slice(0, MAX_CALL_IDS),
  };
}
