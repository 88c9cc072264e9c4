import type { TodayChange } from '../metrics/metrics-service';
import type { AgentFigures, AgentFiguresRequest } from './agent-figures';
import type { AggregateFigures, AggregateRequest } from './aggregate-figures';

/** Main thread → board worker: today's changes in order, and requests for a turn's figures (queues, teams, centre) or some agents' rows. */
export type ToWorker =
  | { kind: 'changes'; changes: readonly TodayChange[] }
  | { kind: 'compute'; id: number; request: AggregateRequest }
  | { kind: 'agents'; id: number; request: AgentFiguresRequest }
  /** The thread's own heap (benchmarks: what the worker's copy of today costs), after a full collection when `collect`. */
  | { kind: 'usage'; id: number; collect?: boolean };
/** Board worker → main thread: the figures of one request, or why there are none. */
export type FromWorker = { id: number; figures: AggregateFigures } | { id: number; agents: AgentFigures } | { id: number; heapUsedBytes: number } | { id: number; error: string };
