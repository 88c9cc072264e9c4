import type { TodayChange } from '../metrics/metrics-service';
import type { AggregateFigures, AggregateRequest } from './aggregate-figures';

/** Main thread → board worker: today's changes in order, and requests for a turn's figures. */
export type ToWorker = { kind: 'changes'; changes: readonly TodayChange[] } | { kind: 'compute'; id: number; request: AggregateRequest };
/** Board worker → main thread: the figures of one request, or why there are none. */
export type FromWorker = { id: number; figures: AggregateFigures } | { id: number; error: string };
