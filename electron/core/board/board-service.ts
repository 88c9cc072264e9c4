import equal from 'fast-deep-equal';
import type { Kysely } from 'kysely';
import type { AgentStatus } from '../../../shared/contract/schemas/agent';
import type { AgentRow, BoardAlert, BoardCellRef, BoardChange, BoardSnapshot, BoardState, BoardTrace, CentreSummary, QueueTile, TeamSummary } from '../../../shared/contract/schemas/board';
import type { Settings } from '../../../shared/contract/schemas/settings';
import type { IntervalPoint } from '../../../shared/domain/metrics/trend';
import type { MetricName, MetricResult, MetricSet } from '../../../shared/domain/metrics/types';
import type { Presence } from '../agents/presence';
import type { Database } from '../db/schema';
import type { EventHub } from '../hub/event-hub';
import type { Logger } from '../log';
import { MAX_CALL_IDS, startOfDay, toMetricSettings, type MetricsService } from '../metrics/metrics-service';
import type { SlaTargets } from '../metrics/sla-targets';
import type { EventLog } from '../log/event-log';
import type { AlertChange, StoredEvent } from '../log/log-event';
import type { Projection } from '../log/projection-runner';
import { createKeyedLock } from '../util/keyed-lock';
import type { AggregateFigures, AggregateRequest } from './aggregate-figures';
import type { BoardAggregator } from './aggregate-thread';
import { alertConditions, withoutTicking } from './alerts';
import { boardCell } from './board-cell';
import { createBoardFeed } from './board-feed';
import { createLiveCalls, openCallIds } from './live-calls';
import { pipelineStats } from '../log/pipeline-stats';
import { yieldEvery, yieldToEventLoop } from '../util/yield-to-event-loop';

/** Changes are gathered this long into one delta (a busy floor costs a board ten renders a second, not fifty). */
export const BATCH_MS = 100;
/** Alerts are checked this often (time in state and waits grow without any event). */
const ALERT_CHECK_MS = 1000;
const TREND_MS = 30_000;
/** A cleared, unacknowledged alert stays this long; at most this many alerts are kept. */
const CLEARED_ALERT_MS = 5 * 60_000;
const MAX_ALERTS = 200;
/** The log is read this many ids at a time when the board loads the day's alerts. */
const ALERT_LOAD_WINDOW = 20_000;
/** Agent rows built (or their figures scored) in one task before the event loop serves others. */
const ROWS_PER_TASK = 50;
/** A turn that took t waits at least this many times t before the next one. */
const BACKOFF = 4;
const STAFFING_INTERVAL_MS = 30 * 60_000;

export interface BoardServiceDeps {
  db: Kysely<Database>;
  hub: EventHub;
  log: EventLog;
  presence: Presence;
  metrics: MetricsService;
  /** Computes the queue, team and centre figures (off the main thread where it can). */
  aggregator: BoardAggregator;
  targets: SlaTargets;
  settings: () => Settings;
  now: () => number;
  logger: Logger;
}

interface QueueRow {
  id: number;
  name: string;
  team_id: number | null;
}
interface TeamRow {
  id: number;
  name: string;
}

/** An agent row's figures: its cells with the calls behind them, and its handled count. */
interface RowFigures {
  aht: BoardTrace;
  frt: BoardTrace;
  fcr: BoardTrace;
  handled: number;
}

/** Where the server keeps the calls behind a number on the board (`board.trace`). */
const traceKey = (ref: BoardCellRef): string => `${ref.scope}:${ref.scope === 'centre' ? '' : ref.id}:${ref.metric}`;

interface AgentInfo {
  name: string;
  extension: string;
  teamId: number | null;
  team: string | null;
  /** Agents, and supervisors who take calls: the others are listed apart and never counted as staff. */
  takesCalls: boolean;
}

/**
 * The supervisors' live board: agent rows updated on every state or call change, queue, team
 * and centre figures once a second, alerts when thresholds are crossed, numbered deltas.
 */
export function createBoardService({ db, hub, log, presence, metrics, aggregator, targets, settings, now, logger }: BoardServiceDeps) {
  const feed = createBoardFeed(hub, now);
  const live = createLiveCalls(db);
  const lock = createKeyedLock();
  const info = new Map<number, AgentInfo>();
  const rows = new Map<number, AgentRow>();
  /**
   * The calls behind every number on the board, with the cell they belong to, kept here and sent
   * only when a supervisor traces a number (ADR 0042): in the cells they made every full-board
   * delta megabytes of JSON on the event loop.
   */
  const traces = new Map<string, BoardTrace>();
  const alerts = new Map<string, BoardAlert>();
  const clearedAt = new Map<string, number>();
  /** Alert events the log's runner applied while the board was loading the day's alerts (null once loaded). */
  let alertBacklog: Extract<StoredEvent, { type: 'board.alerts' }>[] | null = [];
  let queues = new Map<number, QueueTile>();
  let teams = new Map<number, TeamSummary>();
  let centre: CentreSummary | null = null;
  let trend: BoardState['trend'] | null = null;
  let lastTrendAt = -Infinity;
  let nextAggregateAt = 0;
  let dirty = true;
  let started: Promise<void> | null = null;
  let alertTimer: NodeJS.Timeout | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  /** Armed while the back-off holds changed figures back: its end starts a turn, which a quiet floor has no event to. */
  let backoffTimer: NodeJS.Timeout | null = null;
  /** The last log id applied: what the next delta reflects. */
  let lastApplied = 0;
  /** Agents whose rows events have touched since the last delta. */
  const staleRows = new Set<number>();
  /**
   * Each row's figures (AHT, FRT, FCR, handled) and the agents whose figures call events have
   * changed since: a presence change rebuilds a row without recomputing them (none of them depends
   * on presence), and only a call event around an agent costs that agent's computation.
   */
  const rowFigures = new Map<number, RowFigures>();
  const staleFigures = new Set<number>();
  /** The latest figure request each agent is in: an older answer never overwrites a newer one. */
  const figuresAsked = new Map<number, number>();
  let figureRequests = 0;
  let busy = false;
  /** The queue, team and centre figures being computed now (in the worker), if any. */
  let aggregating: Promise<void> | null = null;
  /** Worker requests a turn started and did not wait for (figures for rows, the aggregate). */
  let inFlight = 0;
  /** Woken when a new log position is applied or a worker request ends (a turn waiting for either). */
  let wakeUps: (() => void)[] = [];
  const wake = () => {
    const waiting = wakeUps;
    wakeUps = [];
    for (const w of waiting) w();
  };
  const nextWake = () => new Promise<void>((resolve) => wakeUps.push(resolve));
  let stopped = false;
  /** The day the figures on the board are for: at midnight every row and figure starts again. */
  let day = startOfDay(now());

  /**
   * Whether a row, tile or summary is unchanged (then it is not sent). Compared in place: printing
   * both sides to JSON for every row a turn rebuilt cost the event loop milliseconds for nothing.
   */
  const same = (a: unknown, b: unknown): boolean => equal(a, b);

  /**
   * Who these agents are (name, extension, team), read once per agent and kept: the ones not known
   * yet in one query per 500. The first board's build asks for every agent at once; one query each
   * (built by Kysely every time) held the event loop ~30 ms on a 500-agent floor.
   */
  async function learnAgents(agentIds: readonly number[]): Promise<void> {
    const unknown = agentIds.filter((id) => !info.has(id));
    for (let i = 0; i < unknown.length; i += 500) {
      const rows = await db
        .selectFrom('agents')
        .leftJoin('teams', 'teams.id', 'agents.team_id')
        .select(['agents.id', 'agents.name', 'agents.extension', 'agents.team_id', 'teams.name as team', 'agents.role', 'agents.takes_calls'])
        .where('agents.id', 'in', unknown.slice(i, i + 500))
        .execute();
      for (const row of rows) info.set(row.id, { name: row.name, extension: row.extension, teamId: row.team_id, team: row.team, takesCalls: row.role === 'agent' || row.takes_calls === 1 });
    }
  }

  async function agentInfo(agentId: number): Promise<AgentInfo | null> {
    if (!info.has(agentId)) await learnAgents([agentId]);
    return info.get(agentId) ?? null;
  }

  /** These figures as cells scored against the scope's targets, by metric, each with the calls behind it. */
  async function cellsFor<N extends MetricName>(set: Partial<MetricSet>, where: { queueId?: number | null; teamId?: number | null }, names: readonly N[]): Promise<Record<N, BoardTrace>> {
    const cells = await Promise.all(names.map(async (name) => [name, boardCell(set[name] as MetricResult, await targets.forScope(name, where))] as const));
    return Object.fromEntries(cells) as Record<N, BoardTrace>;
  }

  /** Keep the calls behind these cells for `board.trace`; the cells (without them) are what the board shows. */
  function keepTraces(scope: { scope: BoardCellRef['scope']; id?: number }, cells: Partial<Record<MetricName, BoardTrace>>): void {
    for (const [metric, traced] of Object.entries(cells)) traces.set(traceKey({ ...scope, metric } as BoardCellRef), traced);
  }

  /**
   * These agents' figures today (from the board's worker, all in one request), scored against their
   * teams' targets and kept for their rows. An agent whose figures an event makes stale again while
   * the worker computes is computed again on the next turn.
   */
  async function computeFigures(agentIds: readonly number[]): Promise<void> {
    if (agentIds.length === 0) return;
    const asked = ++figureRequests;
    for (const id of agentIds) {
      staleFigures.delete(id);
      figuresAsked.set(id, asked);
    }
    const t = performance.now();
    const answers = await aggregator.agentFigures({ now: now(), settings: toMetricSettings(settings().metrics), agentIds, maxCallIds: MAX_CALL_IDS });
    pipelineStats.time('board.worker.agentFigures', performance.now() - t);
    await learnAgents(answers.map((a) => a.agentId));
    for (const [i, { agentId, figures }] of answers.entries()) {
      await yieldEvery(i, ROWS_PER_TASK);
      const who = await agentInfo(agentId);
      // A later request for this agent (two turns overlapping) has the newer figures.
      if (who === null || figuresAsked.get(agentId) !== asked) continue;
      const cells = await cellsFor(figures, { teamId: who.teamId }, ['aht_s', 'agent_frt_s', 'fcr_pct']);
      rowFigures.set(agentId, { aht: cells.aht_s, frt: cells.agent_frt_s, fcr: cells.fcr_pct, handled: figures.handled?.value ?? 0 });
    }
  }

  /** Agents among these whose row needs its figures computed first (an event changed them, or there are none yet). */
  const needFigures = (agentIds: Iterable<number>) => [...agentIds].filter((id) => staleFigures.has(id) || !rowFigures.has(id));

  /**
   * An agent's row now. `fresh`: its figures are computed first when an event made them stale;
   * otherwise the row is built from the figures it has (they follow in a later delta), and only a
   * row that has none yet waits for them.
   */
  async function buildRow(status: AgentStatus, fresh: boolean): Promise<{ row: AgentRow; figures: RowFigures } | null> {
    const who = await agentInfo(status.agentId);
    if (who === null) return null;
    if (fresh ? needFigures([status.agentId]).length > 0 : !rowFigures.has(status.agentId)) await computeFigures([status.agentId]);
    const figures = rowFigures.get(status.agentId);
    if (figures === undefined) return null;
    const call = live.currentOf(status.agentId);
    const row: AgentRow = {
      agentId: status.agentId,
      ...who,
      state: status.state,
      reason: status.reason,
      since: status.since,
      call: call === null ? null : { callId: call.callId, direction: call.direction, caller: call.caller, queue: call.queue, phase: call.phase, since: call.since },
      aht: figures.aht.cell,
      frt: figures.frt.cell,
      fcr: figures.fcr.cell,
      handled: figures.handled,
    };
    return { row, figures };
  }

  /** Rebuild one agent's row and send it if it changed. */
  function refreshAgent(agentId: number, fresh = true): Promise<void> {
    return lock(agentId, async () => {
      const status = presence.liveStatus(agentId);
      if (status === undefined) return;
      const built = await buildRow(status, fresh);
      if (built === null) return;
      const { row, figures } = built;
      keepTraces({ scope: 'agent', id: agentId }, { aht_s: figures.aht, agent_frt_s: figures.frt, fcr_pct: figures.fcr });
      const old = rows.get(agentId);
      if (same(old, row)) return;
      rows.set(agentId, row);
      // Tiles and team counts read rows' states (who is available, on a call), not their figures.
      if (old === undefined || old.state !== row.state || old.teamId !== row.teamId || old.takesCalls !== row.takesCalls) dirty = true;
      feed.push({ kind: 'agent', row });
    });
  }

  /** A queue tile from the worker's figures and what this thread knows now (who is available, who is waiting). */
  async function buildQueues(list: QueueRow[], figures: AggregateFigures): Promise<Map<number, QueueTile>> {
    const ringing = live.ringing();
    const out = new Map<number, QueueTile>();
    for (const q of list) {
      const f = figures.queues.find((x) => x.id === q.id);
      if (f === undefined) continue;
      const cells = await cellsFor(f.figures, { queueId: q.id }, ['service_level_pct', 'asa_s', 'abandon_pct']);
      keepTraces({ scope: 'queue', id: q.id }, cells);
      const waiting = ringing.filter((c) => c.queueId === q.id);
      const available = [...rows.values()].filter((r) => r.takesCalls && r.state === 'available' && (q.team_id === null || r.teamId === q.team_id)).length;
      out.set(q.id, {
        queueId: q.id,
        name: q.name,
        waiting: waiting.length,
        longestWaitSince: waiting.length === 0 ? null : Math.min(...waiting.map((c) => c.queuedAt ?? c.since)),
        serviceLevel: cells.service_level_pct.cell,
        asa: cells.asa_s.cell,
        abandon: cells.abandon_pct.cell,
        offered: f.figures.abandon_pct?.denominator ?? 0,
        handled: f.figures.handled?.value ?? 0,
        agentsAvailable: available,
        staffing: { ...f.staffing, available },
      });
    }
    return out;
  }

  async function buildTeams(list: TeamRow[], figures: AggregateFigures): Promise<Map<number, TeamSummary>> {
    const out = new Map<number, TeamSummary>();
    for (const t of list) {
      const f = figures.teams.find((x) => x.id === t.id);
      if (f === undefined) continue;
      const members = [...rows.values()].filter((r) => r.teamId === t.id);
      const cells = await cellsFor(f.figures, { teamId: t.id }, ['aht_s', 'agent_frt_s', 'fcr_pct']);
      keepTraces({ scope: 'team', id: t.id }, cells);
      const count = (state: string) => members.filter((r) => r.state === state).length;
      out.set(t.id, {
        teamId: t.id,
        name: t.name,
        signedIn: members.filter((r) => r.state !== 'offline').length,
        available: count('available'),
        onCall: count('on-call') + count('ringing'),
        wrapUp: count('wrap-up'),
        onBreak: count('break'),
        aht: cells.aht_s.cell,
        frt: cells.agent_frt_s.cell,
        fcr: cells.fcr_pct.cell,
        handled: f.figures.handled?.value ?? 0,
      });
    }
    return out;
  }

  async function buildCentre(figures: AggregateFigures): Promise<CentreSummary> {
    const f = figures.centre.figures;
    const cells = await cellsFor(f, {}, ['service_level_pct', 'asa_s', 'abandon_pct', 'aht_s', 'agent_frt_s', 'fcr_pct']);
    keepTraces({ scope: 'centre' }, cells);
    const available = [...rows.values()].filter((r) => r.takesCalls && r.state === 'available').length;
    return {
      serviceLevel: cells.service_level_pct.cell,
      asa: cells.asa_s.cell,
      abandon: cells.abandon_pct.cell,
      aht: cells.aht_s.cell,
      frt: cells.agent_frt_s.cell,
      fcr: cells.fcr_pct.cell,
      handled: f.handled?.value ?? 0,
      offered: f.abandon_pct?.denominator ?? 0,
      waiting: live.ringing().length,
      staffing: { ...figures.centre.staffing, available },
    };
  }

  async function buildTrend(points: IntervalPoint[]): Promise<BoardState['trend']> {
    return {
      bucketMinutes: settings().board.trendBucketMinutes,
      points,
      frtTargetS: (await targets.forScope('agent_frt_s', {}))?.target ?? null,
      serviceLevelTargetPct: (await targets.forScope('service_level_pct', {}))?.target ?? null,
    };
  }

  /** The request of one board turn: which queues and teams (a team's figures count all its agents' calls today, signed in now or not). */
  async function aggregateRequest(queueRows: QueueRow[], teamRows: TeamRow[], withTrend: boolean): Promise<AggregateRequest> {
    const roster = await db.selectFrom('agents').select(['id', 'team_id']).where('team_id', 'is not', null).execute();
    return {
      now: now(),
      settings: toMetricSettings(settings().metrics),
      queues: queueRows,
      teams: teamRows.map((t) => ({ id: t.id, agentIds: roster.filter((a) => a.team_id === t.id).map((a) => a.id) })),
      staffing: {
        intervalMs: STAFFING_INTERVAL_MS,
        serviceLevelPct: (await targets.forScope('service_level_pct', {}))?.target ?? 80,
        thresholdS: settings().metrics.serviceLevelThresholdS,
      },
      trendBucketMs: withTrend ? settings().board.trendBucketMinutes * 60_000 : null,
      maxCallIds: MAX_CALL_IDS,
    };
  }

  /** What the alerts should become now: new, worse, updated, cleared and expired ones (the log records these). */
  function alertChanges(): AlertChange[] {
    if (centre === null) return [];
    const out: AlertChange[] = [];
    const conditions = alertConditions(now(), [...rows.values()], [...queues.values()], centre, settings().board);
    const activeIds = new Set(conditions.map((c) => c.id));
    for (const c of conditions) {
      const old = alerts.get(c.id);
      if (old !== undefined && old.active && old.severity === c.severity) {
        // Same alert, newer figures (a service level that moved): update them, keep its acknowledgement. A time in a
        // state or a wait that only grew is not a change: each desk words it from `since` (ADR 0066), nothing is logged.
        if (!same(withoutTicking(old.message), withoutTicking(c.message))) out.push({ kind: 'set', alert: { ...old, text: c.text, message: c.message } });
        continue;
      }
      // A new alert, or one that got worse: it sounds again until acknowledged.
      out.push({ kind: 'set', alert: { ...c, at: old?.active === true ? old.at : now(), acknowledgedBy: null, active: true } });
    }
    for (const [id, alert] of alerts) {
      if (!activeIds.has(id) && alert.active) out.push({ kind: 'set', alert: { ...alert, active: false } });
    }
    // Cleared alerts nobody acknowledged fade after a while, and the list never grows without bound.
    let kept = alerts.size;
    for (const [id, at] of [...clearedAt].sort((a, b) => a[1] - b[1])) {
      if (now() - at < CLEARED_ALERT_MS && kept <= MAX_ALERTS) break;
      out.push({ kind: 'removed', alertId: id });
      kept -= 1;
    }
    return out;
  }

  /** Fold one alert change into the board's alerts; false when it changed nothing (an alert removed twice). */
  function foldAlert(change: AlertChange, at: number): boolean {
    if (change.kind === 'removed') {
      clearedAt.delete(change.alertId);
      return alerts.delete(change.alertId);
    }
    const alert = change.alert;
    if (alert.active) {
      alerts.set(alert.id, alert);
      clearedAt.delete(alert.id);
    } else if (alert.acknowledgedBy !== null) {
      alerts.delete(alert.id);
      clearedAt.delete(alert.id);
    } else {
      alerts.set(alert.id, alert);
      if (!clearedAt.has(alert.id)) clearedAt.set(alert.id, at);
    }
    return true;
  }

  /** Fold one alert change from the log into the board, and send it. */
  function applyAlert(change: AlertChange, at: number): void {
    if (!foldAlert(change, at)) return;
    feed.push(change.kind === 'removed' ? { kind: 'alert-removed', alertId: change.alertId } : { kind: 'alert', alert: change.alert });
  }

  /** Check the thresholds; changes go to the log first, and reach the board from there. */
  async function checkAlerts(): Promise<void> {
    const changes = alertChanges();
    if (changes.length === 0) return;
    await log.transact((tx) => log.append(tx, { type: 'board.alerts', data: { changes } }, now()));
  }

  /**
   * Queue, team and centre figures (and now and then the trend) when something changed. On a big
   * day this can take a while on this one thread: the next one then waits a few times as long,
   * so the board never takes more than about a quarter of the server.
   */
  async function aggregate(): Promise<void> {
    const started = performance.now();
    if (!dirty || started < nextAggregateAt) return;
    dirty = false;
    const withTrend = started - lastTrendAt >= TREND_MS;
    // One read of the queues and teams per turn: the figures and the tiles are for the same ones.
    const queueRows = await db.selectFrom('queues').select(['id', 'name', 'team_id']).orderBy('id').execute();
    const teamRows = await db.selectFrom('teams').select(['id', 'name']).orderBy('id').execute();
    const asked = performance.now();
    const figures = await aggregator.figures(await aggregateRequest(queueRows, teamRows, withTrend));
    pipelineStats.time('board.worker.figures', performance.now() - asked);
    const changes: BoardChange[] = [];
    const nextQueues = await buildQueues(queueRows, figures);
    for (const [id, tile] of nextQueues) if (!same(queues.get(id), tile)) changes.push({ kind: 'queue', tile });
    queues = nextQueues;
    const nextTeams = await buildTeams(teamRows, figures);
    for (const [id, summary] of nextTeams) if (!same(teams.get(id), summary)) changes.push({ kind: 'team', summary });
    teams = nextTeams;
    const nextCentre = await buildCentre(figures);
    if (!same(centre, nextCentre)) changes.push({ kind: 'centre', centre: nextCentre });
    centre = nextCentre;
    for (const c of changes) feed.push(c);
    if (figures.trend !== null) {
      trend = await buildTrend(figures.trend);
      feed.push({ kind: 'trend', trend });
      lastTrendAt = started;
    }
    // The worker takes the weight, but a turn still costs the server some work: keep it to a share of it.
    nextAggregateAt = started + BACKOFF * (performance.now() - started);
    pipelineStats.time('board.aggregate', performance.now() - started);
  }

  /** A worker request this turn does not wait for: counted, and its end wakes a turn waiting for it. */
  function inBackground(work: Promise<void>): Promise<void> {
    inFlight += 1;
    return work
      .catch((error: unknown) => {
        if (!stopped) logger.error({ err: error }, 'board figures failed');
      })
      .finally(() => {
        inFlight -= 1;
        wake();
        // What it computed goes out with the next delta.
        scheduleFlush();
      });
  }

  /**
   * Start the queue, team and centre figures when something changed and the back-off allows; the
   * turn does not wait for them. Held back, they get a turn when the back-off ends (ADR 0077).
   */
  function startAggregate(): void {
    if (aggregating !== null || !dirty) return;
    const wait = nextAggregateAt - performance.now();
    if (wait > 0) {
      if (backoffTimer === null && !stopped) {
        backoffTimer = setTimeout(() => {
          backoffTimer = null;
          scheduleFlush();
        }, wait);
        backoffTimer.unref();
      }
      return;
    }
    aggregating = inBackground(aggregate()).finally(() => {
      aggregating = null;
    });
  }

  /**
   * End of a gathering period: send the rows events changed at once, built from the figures they
   * have, and start what the worker must compute (rows' new figures, the queue, team and centre
   * figures); those follow in a later delta. A row never waits for the day's aggregate. When nothing
   * newer than this turn's log position came, the turn waits for the worker (or for a newer event,
   * which on a busy floor comes within milliseconds) so what it computes goes out in the same delta;
   * what is finished after that delta (a back-off's deferred figures) goes out under a sub-position
   * of it (ADR 0077).
   */
  async function flush(): Promise<void> {
    flushTimer = null;
    if (busy) return scheduleFlush();
    busy = true;
    const began = performance.now();
    try {
      // Everything up to here is in what this delta shows (later events may be too; they come again).
      const upTo = lastApplied;
      await refreshStaleRows(false);
      for (;;) {
        startAggregate();
        if (inFlight === 0 || lastApplied !== upTo || stopped) break;
        while (inFlight > 0 && lastApplied === upTo && !stopped) await nextWake();
        if (lastApplied !== upTo || stopped) break;
        // Nothing newer came: the rows whose figures the worker just sent go out in this delta.
        await refreshStaleRows(false);
      }
      feed.flush(upTo);
    } finally {
      busy = false;
      pipelineStats.time('board.flush', performance.now() - began);
    }
  }

  function scheduleFlush(): void {
    if (flushTimer !== null || stopped) return;
    flushTimer = setTimeout(
      () =>
        void flush().catch((error: unknown) => {
          // A turn that was waiting for the board's worker when the core closed has nothing to report.
          if (!stopped) logger.error({ err: error }, 'board flush failed');
        }),
      BATCH_MS,
    );
    flushTimer.unref();
  }

  /**
   * Alerts acknowledged, raised or cleared in the last day, folded in order into the board's alerts
   * (a restarted board has them as before); the snapshot shows the result, no delta carries them.
   * The log is read a window of ids at a time with the event loop free between: the events have no
   * index by type, and a day of a busy centre is hundreds of thousands of them. Alert events the
   * log's runner meets meanwhile wait in `alertBacklog`; those past the last window read are folded
   * after it, so every change is folded once, in log order.
   */
  async function loadAlerts(): Promise<void> {
    const since = now() - 24 * 3600_000;
    const first = await db.selectFrom('events').select('id').where('at', '>=', since).orderBy('at').limit(1).executeTakeFirst();
    let readThrough = 0;
    for (let from = Number(first?.id ?? Infinity); from <= (await log.head()); from += ALERT_LOAD_WINDOW) {
      const rows = await db
        .selectFrom('events')
        .select(['at', 'data'])
        .where('id', '>=', from)
        .where('id', '<', from + ALERT_LOAD_WINDOW)
        .where('type', '=', 'board.alerts')
        .where('at', '>=', since)
        .orderBy('id')
        .execute();
      for (const r of rows) for (const change of (JSON.parse(r.data) as { changes: AlertChange[] }).changes) foldAlert(change, Number(r.at));
      readThrough = from + ALERT_LOAD_WINDOW - 1;
      await yieldToEventLoop();
    }
    const backlog = alertBacklog ?? [];
    alertBacklog = null;
    for (const event of backlog) if (event.id > readThrough) for (const change of event.data.changes) foldAlert(change, event.at);
  }

  /** Build the board from the stored state (as of log position `at`), then follow the log. */
  function start(at: number): Promise<void> {
    started ??= (async () => {
      await live.refresh(await openCallIds(db, now() - 24 * 3600_000));
      // Today's agents: everyone signed in now, and everyone who was at some point today.
      const today = startOfDay(now());
      const agents = presence.allStatuses().filter((status) => status.state !== 'offline' || status.since >= today);
      await computeFigures(agents.map((status) => status.agentId));
      for (const [i, status] of agents.entries()) {
        await refreshAgent(status.agentId);
        await yieldEvery(i, ROWS_PER_TASK);
      }
      await loadAlerts();
      lastApplied = Math.max(lastApplied, at);
      await aggregate();
      // What the build gathered (every row, tile and alert) is the first snapshot, not a change after it.
      feed.builtAt(lastApplied);
      alertTimer = setInterval(() => {
        if (noticeNewDay()) scheduleFlush();
        void checkAlerts().catch((error: unknown) => logger.error({ err: error }, 'board alerts failed'));
      }, ALERT_CHECK_MS);
      alertTimer.unref();
    })();
    return started;
  }

  /** Calls the events of the batch being applied changed: their live rows are re-read together at its end. */
  let callsToRefresh = new Set<number>();
  /** The last log id of the batch being applied (it becomes `lastApplied` once the batch's calls are re-read). */
  let applying = 0;

  /**
   * Follow one event of the log. Agent rows are marked and rebuilt once per gathering period,
   * however many events touched them (a busy agent costs one rebuild per delta, not one per event),
   * and the calls a batch of events changed are re-read once, at its end (`afterBatch`).
   */
  function apply(event: StoredEvent): void {
    applying = event.id;
    if (started === null) return;
    if (event.type === 'board.alerts') {
      if (alertBacklog !== null) {
        alertBacklog.push(event);
        return;
      }
      for (const change of event.data.changes) applyAlert(change, event.at);
    } else if (event.type === 'presence.changed') {
      if (event.data.state === 'offline') live.forget(event.agentId);
      staleRows.add(event.agentId);
    } else if (event.callId != null && (event.type === 'call.reported' || event.type.startsWith('wrapUp.'))) {
      callsToRefresh.add(event.callId);
      return;
    } else if (event.type === 'routing.queueLeft') {
      // A caller who left the queue before reaching anyone: the queue and centre figures change, no row does.
      dirty = true;
    } else if (event.type === 'sla.targetSet' || event.type === 'settings.changed') {
      staleAll();
    } else {
      return;
    }
    scheduleFlush();
  }

  /** The end of a batch of the log: re-read the calls it changed (one read), then it counts as applied. */
  async function afterBatch(): Promise<void> {
    const calls = [...callsToRefresh];
    callsToRefresh = new Set();
    if (started !== null && calls.length > 0) {
      for (const agentId of await live.refresh(calls)) {
        staleRows.add(agentId);
        staleFigures.add(agentId);
      }
      // A call's legs change the queue, team and centre figures.
      dirty = true;
    }
    if (applying <= lastApplied) return;
    lastApplied = applying;
    wake();
    // A turn that ran during the batch could not number its delta past it: this position goes out in the next one.
    if (started !== null) scheduleFlush();
  }

  /** A new day: every row's figures (and the queue, team and centre figures) start again. */
  function noticeNewDay(): boolean {
    const today = startOfDay(now());
    if (today === day) return false;
    day = today;
    staleAll();
    dirty = true;
    return true;
  }

  /** Every row, figures and all (targets, settings or the day changed). */
  function staleAll(): void {
    for (const id of rows.keys()) staleRows.add(id);
    rowFigures.clear();
    // Figures asked for before are of the old day (or settings): an answer still on its way is dropped, not shown.
    figuresAsked.clear();
  }

  /**
   * Rebuild the rows events touched since the last time (and those whose figures another agent's
   * call changed). The event loop gets a turn after each agent whose figures were computed, so a
   * busy floor never holds the server up for more than one agent's computation at a time.
   */
  async function refreshStaleRows(fresh = true): Promise<void> {
    noticeNewDay();
    for (const id of metrics.takeTouchedAgents()) {
      if (!rows.has(id)) continue;
      staleRows.add(id);
      staleFigures.add(id);
    }
    const agents = [...staleRows];
    staleRows.clear();
    const need = needFigures(agents);
    if (fresh) await computeFigures(need);
    else {
      // The rows that have figures go out now with them; their new figures rebuild them when the worker answers.
      const later = need.filter((id) => rowFigures.has(id));
      // A row without figures yet (an agent new today, or after a settings change) waits for them, all in one request.
      await computeFigures(need.filter((id) => !rowFigures.has(id)));
      if (later.length > 0) {
        void inBackground(
          computeFigures(later).then(() => {
            for (const id of later) staleRows.add(id);
          }),
        );
      }
    }
    for (const agentId of agents) await refreshAgent(agentId, fresh);
  }

  function state(): BoardState {
    return {
      generatedAt: now(),
      agents: [...rows.values()].sort((a, b) => a.name.localeCompare(b.name)),
      queues: [...queues.values()],
      teams: [...teams.values()],
      centre: centre as CentreSummary,
      alerts: [...alerts.values()],
      trend: trend as BoardState['trend'],
      thresholds: {
        ...settings().board.stateThresholds,
        waiting: { warnS: settings().board.longestWaitWarnS, criticalS: settings().board.longestWaitCriticalS },
      },
    };
  }

  return {
    /** The board now; `at` is the log position the caller has seen applied (the runner's cursor). */
    async snapshot(at: number): Promise<BoardSnapshot> {
      await start(at);
      await refreshStaleRows();
      return { seq: feed.seq, state: state() };
    },
    async resync(since: number, at: number) {
      await start(at);
      await refreshStaleRows();
      const deltas = feed.since(since);
      return deltas === null ? { kind: 'snapshot' as const, snapshot: { seq: feed.seq, state: state() } } : { kind: 'deltas' as const, deltas };
    },
    projection: { name: 'board', apply, afterBatch } satisfies Projection,
    /** A supervisor acknowledges an alert: recorded in the log, folded like any other change. */
    async ackAlert(alertId: string, by: string): Promise<BoardAlert | null> {
      const alert = alerts.get(alertId);
      if (alert === undefined) return null;
      const acked = { ...alert, acknowledgedBy: by };
      await log.transact((tx) => log.append(tx, { type: 'board.alerts', data: { changes: [{ kind: 'set', alert: acked }] } }, now()));
      return acked;
    },
    /**
     * A number on the board as it stands now, with the calls behind it (what a supervisor opens to
     * trace it); null for a number the board does not show (yet).
     */
    trace(ref: BoardCellRef): BoardTrace | null {
      return traces.get(traceKey(ref)) ?? null;
    },
    /** Check alert thresholds now (tests; the timer does it every second). */
    checkAlerts,
    /** Bring every figure up to date now, whatever the back-off says, and send what changed. */
    async settle(): Promise<void> {
      if (started === null) return;
      await started;
      while (busy || inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      busy = true;
      try {
        const upTo = lastApplied;
        await refreshStaleRows();
        nextAggregateAt = 0;
        await aggregate();
        feed.flush(upTo);
      } finally {
        busy = false;
      }
    },
    /** Agent names and teams may have changed (sign-in renames). */
    forgetAgentInfo(agentId: number): void {
      info.delete(agentId);
    },
    stop(): void {
      stopped = true;
      wake();
      if (alertTimer !== null) clearInterval(alertTimer);
      if (flushTimer !== null) clearTimeout(flushTimer);
      if (backoffTimer !== null) clearTimeout(backoffTimer);
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;
