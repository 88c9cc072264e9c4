import type { TodayChange, TodayReport, TodayReportRequest } from '../metrics/metrics-service';
import type { CallLeg, TimeRange } from '../../../shared/domain/metrics/types';
import type { AgentFigures, AgentFiguresRequest } from './agent-figures';
import type { AggregateFigures, AggregateRequest } from './aggregate-figures';

/**
 * Main thread → today's thread (the board's worker): today's changes in order, the calls events
 * changed (answered with the agents that touches), requests for a turn's figures (queues, teams,
 * centre) or some agents' rows, and today's report for one scope.
 */
export type ToWorker =
  | { kind: 'changes'; changes: readonly TodayChange[] }
  /** Load today from the SQLite file itself (ADR 0066): answered with the log position it reflects. */
  | { kind: 'load'; id: number; file: string; range: TimeRange; fcrWindowMs: number }
  | { kind: 'legs'; id: number; legs: readonly CallLeg[] }
  | { kind: 'history'; id: number; legs: readonly CallLeg[]; loadedFor: readonly number[]; around: readonly number[] }
  | { kind: 'compute'; id: number; request: AggregateRequest }
  | { kind: 'agents'; id: number; request: AgentFiguresRequest }
  | { kind: 'report'; id: number; request: TodayReportRequest }
  /** The thread's own heap (benchmarks: what the worker's copy of today costs), after a full collection when `collect`. */
  | { kind: 'usage'; id: number; collect?: boolean };
/** Today's thread → main thread: the answer to one request, or why there is none. */
export type FromWorker =
  | { id: number; figures: AggregateFigures }
  | { id: number; agents: AgentFigures }
  | { id: number; touched: number[]; needHistory?: number[] }
  | { id: number; report: TodayReport }
  | { id: number; heapUsedBytes: number }
  | { id: number; loadedAt: number }
  | { id: number; error: string };
