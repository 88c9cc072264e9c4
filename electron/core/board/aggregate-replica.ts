import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { computeMetrics } from '../../../shared/domain/metrics/engine';
import { intervalSeries } from '../../../shared/domain/metrics/trend';
import type { MetricName, MetricSet, TimeRange } from '../../../shared/domain/metrics/types';
import type { TodayReport, TodayReportRequest } from '../metrics/metrics-service';
import { TodayCache } from '../metrics/today-cache';
import type { TodayRead } from '../metrics/today-read';
import { agentFigures } from './agent-figures';
import type { FromWorker, ToWorker } from './aggregate-messages';
import { RunningFigures } from './running-figures';

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
  /** How many times the running figures went over the whole day (tests, benchmarks). */
  builds(): number;
}

/** Today's legs and presence as the messages describe them (the only copy of the day: ADR 0058), answering requests over it. */
export function createAggregateReplica(): AggregateReplica {
  let today: TodayCache | null = null;
  /** The queue, team and centre figures kept up to date with today (ADR 0075): a turn no longer goes over the whole day. */
  let running: RunningFigures | null = null;
  let builds = 0;
  const replace = (next: TodayCache) => {
    builds += running?.builds ?? 0;
    today = next;
    running = new RunningFigures(next);
  };
  const replica = (message: Exclude<ToWorker, { kind: 'load' }>): FromWorker | null => {
    if (message.kind === 'changes') {
      for (const change of message.changes) {
        if (change.kind === 'reset') replace(new TodayCache(change.range, change.legs, change.states));
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
      if (today === null || running === null) throw new Error('no day loaded yet');
      const day = today;
      if (message.kind === 'legs') return { id: message.id, ...running.track(message.legs, () => day.changeLegs(message.legs)) };
      if (message.kind === 'history') {
        const added = message.legs.filter((leg) => !day.has(leg.id));
        return { id: message.id, touched: running.track(added, () => day.addHistory(message.legs, message.loadedFor, message.around)) };
      }
      if (message.kind === 'agents') return { id: message.id, agents: agentFigures(today, message.request) };
      if (message.kind === 'report') return { id: message.id, report: todayReport(today, message.request) };
      return { id: message.id, figures: running.figures(message.request) };
    } catch (error) {
      return { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
  };
  return Object.assign(replica, {
    builds: () => builds + (running?.builds ?? 0),
    loaded(range: TimeRange, day: TodayRead): void {
      replace(new TodayCache(range, day.legs, day.states));
    },
  });
}
