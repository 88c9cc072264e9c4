import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { computeMetrics } from '../../../shared/domain/metrics/engine';
import { intervalSeries } from '../../../shared/domain/metrics/trend';
import type { MetricName, MetricSet, TimeRange } from '../../../shared/domain/metrics/types';
import type { TodayReport, TodayReportRequest } from '../metrics/metrics-service';
import { TodayCache } from '../metrics/today-cache';
import type { TodayRead } from '../metrics/today-read';
import { agentFigures } from './agent-figures';
import { aggregateFigures } from './aggregate-figures';
import type { FromWorker, ToWorker } from './aggregate-messages';

/** This thread's garbage collector (benchmarks sample the heap after one, as they do the main thread's). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Today's figures for one scope (a desk's "my numbers", a supervisor's report), drill-down lists cut to what travels. */
function todayReport(today: TodayCache, request: TodayReportRequest): TodayReport {
  const input = request.agentId === undefined ? today.input(request.now, request.settings) : today.inputForAgents([request.agentId], request.now, request.settings);
  const set = computeMetrics(input, request.scope);
  const metrics = Object.fromEntries(Object.entries(set).map(([name, result]) => [name, { ...result, callIds: result.callIds.slice(0, request.maxCallIds) }])) as MetricSet;
  return { range: input.range, metrics: metrics as Record<MetricName, MetricSet[MetricName]>, trend: intervalSeries(input, request.scope, request.bucketMs) };
}

/** A replica: answers a message (null: nothing to answer), and takes a day read from the database (a `load` message's work). */
export interface AggregateReplica {
  (message: Exclude<ToWorker, { kind: 'load' }>): FromWorker | null;
  loaded(range: TimeRange, day: TodayRead): void;
}

/** Today's legs and presence as the messages describe them (the only copy of the day: ADR 0058), answering requests over it. */
export function createAggregateReplica(): AggregateReplica {
  let today: TodayCache | null = null;
  const replica = (message: Exclude<ToWorker, { kind: 'load' }>): FromWorker | null => {
    if (message.kind === 'changes') {
      for (const change of message.changes) {
        if (change.kind === 'reset') today = new TodayCache(change.range, change.legs, change.states);
        else today?.addState(change.change);
      }
      return null;
    }
    if (message.kind === 'usage') {
      if (message.collect === true) collectGarbage();
      // Typed arrays' memory too: today's presence lives in them (ADR 0064), outside the JS heap proper.
      const heap = getHeapStatistics();
      return { id: message.id, heapUsedBytes: heap.used_heap_size + heap.external_memory };
    }
    try {
      if (today === null) throw new Error('no day loaded yet');
      if (message.kind === 'legs') return { id: message.id, ...today.changeLegs(message.legs) };
      if (message.kind === 'history') return { id: message.id, touched: today.addHistory(message.legs, message.loadedFor, message.around) };
      if (message.kind === 'agents') return { id: message.id, agents: agentFigures(today, message.request) };
      if (message.kind === 'report') return { id: message.id, report: todayReport(today, message.request) };
      return { id: message.id, figures: aggregateFigures(today, message.request) };
    } catch (error) {
      return { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
  };
  return Object.assign(replica, {
    loaded(range: TimeRange, day: TodayRead): void {
      today = new TodayCache(range, day.legs, day.states);
    },
  });
}
