import type { Kysely } from 'kysely';
import { ContractFailure } from '../../../shared/contract/errors';
import type { Agent } from '../../../shared/contract/schemas/agent';
import type { MetricsReport, ScoredMetric } from '../../../shared/contract/schemas/metrics';
import type { MetricSettingsDto } from '../../../shared/contract/schemas/settings';
import { computeMetrics } from '../../../shared/domain/metrics/engine';
import { rag } from '../../../shared/domain/metrics/sla';
import { intervalSeries } from '../../../shared/domain/metrics/trend';
import type { IntervalPoint } from '../../../shared/domain/metrics/trend';
import type { AgentStateChange, CallLeg, MetricInput, MetricName, MetricScope, MetricSet, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';
import type { Database } from '../db/schema';
import type { MetricsRepository } from './metrics-repository';
import type { SlaTargets } from './sla-targets';
import type { Projection } from '../log/projection-runner';
import type { BoardAggregator, TodayThread } from '../board/aggregate-thread';
import { readToday } from './today-read';

/** Drill-down lists travel capped; the full list is one query away. */
export const MAX_CALL_IDS = 1000;
const DEFAULT_BUCKET_MINUTES = 30;

export type ScopeRequest =
  | { kind: 'me' }
  | { kind: 'agent'; agentId: number }
  | { kind: 'team'; teamId: number }
  | { kind: 'queue'; queueId: number }
  | { kind: 'all' };

export function toMetricSettings(s: MetricSettingsDto): MetricSettings {
  return {
    serviceLevelThresholdS: s.serviceLevelThresholdS,
    abandonTreatment: s.abandonTreatment,
    shortAbandonS: s.shortAbandonS,
    excludeShortAbandonsFromAbandonRate: s.excludeShortAbandonsFromAbandonRate,
    fcrWindowMs: s.fcrWindowHours * 3600_000,
    transferGraceMs: s.transferGraceMinutes * 60_000,
  };
}

/** Local midnight of the server's day: "today" on every screen. */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** What changes in today's figures, for where the day is kept (the board's worker thread). Calls go as `changeLegs`. */
export type TodayChange = { kind: 'reset'; range: TimeRange; legs: CallLeg[]; states: AgentStateChange[] } | { kind: 'state'; change: AgentStateChange };

/** Today's figures for one scope: the whole day, or just what one agent's numbers depend on (`agentId`). */
export interface TodayReportRequest {
  scope: MetricScope;
  agentId?: number;
  now: number;
  settings: MetricSettings;
  bucketMs: number;
  /** Drill-down lists are cut to this many calls before they travel. */
  maxCallIds: number;
}
export interface TodayReport {
  range: TimeRange;
  metrics: MetricSet;
  trend: IntervalPoint[];
}

export interface MetricsServiceDeps {
  db: Kysely<Database>;
  repository: (db: Kysely<Database>) => MetricsRepository;
  targets: SlaTargets;
  settings: () => MetricSettingsDto;
  now: () => number;
  /** Where today's legs and presence are kept (the board's worker): never in this thread, which must not grow with the day. */
  today: TodayThread;
  /** Agents whose figures today the log just changed (their desks read them again). */
  onFiguresChanged?: (agentIds: readonly number[]) => void;
}

/**
 * Metrics for any scope and range, from raw timestamps, scored against SLA targets. Today is kept
 * in memory in the board's worker thread (ADR 0058) and updated one call at a time; other ranges
 * are read from the database on demand.
 */
export function createMetricsService({ db, repository: repositoryOn, targets, settings, now, today: thread, onFiguresChanged }: MetricsServiceDeps) {
  const repository = repositoryOn(db);
  /** The day loaded into the thread (its legs and presence are there, not here). */
  let today: TimeRange | null = null;
  /** The log position today's cache reflects: events up to it are already in what was loaded. */
  let todayAt = 0;
  let loading: Promise<TimeRange> | null = null;
  /** Loads of the day so far: legs read before one are older than what it loaded. */
  let loads = 0;
  /** Agents whose figures events changed since the board last asked (a repeat call changes an earlier agent's FCR). */
  const touched = new Set<number>();

  /**
   * Today's legs and presence with the log's head (one snapshot, so the cache knows exactly which
   * events it already holds): read by today's thread itself where it can (a worker on a SQLite file,
   * ADR 0066), else read here and sent to it.
   */
  async function todayCache(): Promise<TimeRange> {
    const from = startOfDay(now());
    if (today !== null && today.from === from) return today;
    loading ??= (async () => {
      try {
        const range = { from, to: from + 86_400_000 };
        const s = toMetricSettings(settings());
        let head = await thread.loadDay(range, s.fcrWindowMs);
        if (head === null) {
          const day = await readToday(db, range, s.fcrWindowMs, repositoryOn);
          thread.change({ kind: 'reset', range, legs: day.legs, states: day.states });
          head = day.head;
        }
        today = range;
        todayAt = head;
        loads += 1;
        return range;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  thread.loadWith({
    ready: async () => {
      await todayCache();
    },
    lost: () => {
      today = null;
    },
  });

  /**
   * Calls changed (call or wrap-up events of one batch of the log): refresh those legs in today's
   * figures, read together (one read for the legs, one for their holds) rather than one call at a
   * time. Today's thread answers which agents that touches (before the board's turn takes them).
   */
  async function callsChanged(range: TimeRange, callIds: readonly number[]): Promise<void> {
    // A new day loaded first (the clock passed midnight since the batch began) holds these calls already.
    if ((await todayCache()) !== range) return;
    const agents = new Set<number>();
    let legs: CallLeg[];
    let changed: Awaited<ReturnType<TodayThread['changeLegs']>>;
    // Legs read before a load (a worker replaced meanwhile) would overwrite what it loaded with older
    // versions, and the events that made them newer are behind its log position: read them again.
    for (;;) {
      const loadsBefore = loads;
      legs = await repository.legs(callIds);
      if (legs.length === 0) return;
      changed = await thread.changeLegs(legs);
      for (const id of changed.touched) agents.add(id);
      if (loads === loadsBefore) break;
    }
    // Callers new to today's figures (or newly matched to a customer): bring in their contacts of
    // the FCR window, so "first contact" and "repeat" are decided as a fresh read would.
    if (changed.needHistory.length > 0) {
      const others = await repository.legsWithHistory(changed.needHistory, range, toMetricSettings(settings()).fcrWindowMs);
      for (const id of await thread.addHistory(others, changed.needHistory, legs.map((leg) => leg.id))) agents.add(id);
    }
    for (const id of agents) touched.add(id);
    if (agents.size > 0) onFiguresChanged?.([...agents]);
  }

  /** Calls the events of the batch being applied changed, for the cache they were applied to. */
  let changedCalls = new Set<number>();
  let changedIn: TimeRange | null = null;

  /**
   * Today's figures follow the log: presence events add a state change at once; call and wrap-up
   * events mark their call, and the marked legs are read once per batch (afterBatch).
   */
  const projection: Projection = {
    name: 'metrics-today',
    async apply(event) {
      if (loading !== null) await loading;
      const cache = today;
      if (cache === null || event.id <= todayAt) return;
      if (event.type === 'presence.changed') {
        thread.change({ kind: 'state', change: { agentId: event.agentId, state: event.data.state, at: event.data.since } });
      } else if (event.callId != null && (event.type === 'call.reported' || event.type === 'routing.queueLeft' || event.type.startsWith('wrapUp.'))) {
        if (changedIn !== cache) {
          changedCalls = new Set();
          changedIn = cache;
        }
        changedCalls.add(event.callId);
      }
    },
    async afterBatch() {
      const cache = changedIn;
      const callIds = [...changedCalls];
      changedCalls = new Set();
      changedIn = null;
      // A cache dropped meanwhile (a new day, a setting) is loaded again with these legs in it.
      if (cache === null || callIds.length === 0 || cache !== today) return;
      await callsChanged(cache, callIds);
    },
  };

  async function agentIdsOf(scope: ScopeRequest, viewer: Agent): Promise<ReadonlySet<number> | null> {
    if (scope.kind === 'me') return new Set([viewer.id]);
    if (scope.kind === 'agent') return new Set([scope.agentId]);
    if (scope.kind !== 'team') return null;
    const rows = await db.selectFrom('agents').select('id').where('team_id', '=', scope.teamId).execute();
    return new Set(rows.map((r) => r.id));
  }

  async function score(set: MetricSet, where: { queueId?: number | null; teamId?: number | null }): Promise<ScoredMetric[]> {
    const out: ScoredMetric[] = [];
    for (const [name, result] of Object.entries(set) as [MetricName, MetricSet[MetricName]][]) {
      const target = await targets.forScope(name, where);
      out.push({
        ...result,
        callIds: result.callIds.slice(0, MAX_CALL_IDS),
        target,
        rag: target === null ? 'none' : rag(result.value, target.target, target.direction, target.amberBand),
      });
    }
    return out;
  }

  async function teamOf(agentId: number): Promise<number | null> {
    const row = await db.selectFrom('agents').select('team_id').where('id', '=', agentId).executeTakeFirst();
    return row?.team_id ?? null;
  }

  async function report(viewer: Agent, scope: ScopeRequest, range: TimeRange | undefined, bucketMinutes = DEFAULT_BUCKET_MINUTES): Promise<MetricsReport> {
    const ownAgent = scope.kind === 'me' || (scope.kind === 'agent' && scope.agentId === viewer.id);
    if (!ownAgent && viewer.role !== 'supervisor') throw new ContractFailure('FORBIDDEN', 'only supervisors see other agents, teams and queues');
    const at = now();
    const agentIds = await agentIdsOf(scope, viewer);
    const engineScope: MetricScope =
      scope.kind === 'queue' ? { kind: 'queue', queueId: scope.queueId } : agentIds === null ? { kind: 'all' } : { kind: 'agents', agentIds };
    let computed: TodayReport;
    if (range === undefined) {
      const single = agentIds?.size === 1 ? [...agentIds][0] : undefined;
      const request = { scope: engineScope, now: at, settings: toMetricSettings(settings()), bucketMs: bucketMinutes * 60_000, maxCallIds: MAX_CALL_IDS };
      computed = await thread.report(single === undefined ? request : { ...request, agentId: single });
    } else {
      const s = toMetricSettings(settings());
      const [legs, states] = await Promise.all([repository.legsFor(range, s.fcrWindowMs), repository.statesFor(range)]);
      const input: MetricInput = { legs, states, range, now: at, settings: s };
      computed = { range, metrics: computeMetrics(input, engineScope), trend: intervalSeries(input, engineScope, bucketMinutes * 60_000) };
    }
    const where =
      scope.kind === 'queue'
        ? { queueId: scope.queueId }
        : scope.kind === 'team'
          ? { teamId: scope.teamId }
          : agentIds?.size === 1
            ? { teamId: await teamOf([...agentIds][0] as number) }
            : {};
    return { range: computed.range, computedAt: at, metrics: await score(computed.metrics, where), trend: computed.trend };
  }

  return {
    report,
    projection,
    /** The board's figures, over the same today (loaded before every request). */
    aggregator: thread as BoardAggregator,
    /** Today's figures are loaded (and the followers have them): loads them if not. */
    async loadToday(): Promise<void> {
      await todayCache();
    },
    /** The agents whose figures today changed since the last call (and forget them). */
    takeTouchedAgents(): number[] {
      const out = [...touched];
      touched.clear();
      return out;
    },
    /** Drop today's figures (a setting changed that decides which legs are loaded). */
    invalidate(): void {
      today = null;
    },
  };
}

export type MetricsService = ReturnType<typeof createMetricsService>;
