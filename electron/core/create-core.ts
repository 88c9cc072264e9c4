import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../shared/contract/events';
import type { Settings } from '../../shared/contract/schemas/settings';
import { createAgentService } from './agents/agent-service';
import { createDeskWriter } from './agents/desk-writer';
import { createPresence } from './agents/presence';
import { createCallRecorder } from './calls/call-recorder';
import { createQueueDirectory } from './calls/queue-directory';
import { createWrapUpService } from './calls/wrap-up-service';
import { createCrmService } from './crm/crm-service';
import type { Store } from './db/store';
import { migrateToLatest } from './db/migrate';
import { createDispatcher, type Dispatch } from './dispatch/dispatcher';
import { createHandlers } from './dispatch/handlers';
import { createConnectedSpells } from './calls/connected-spells';
import { createDeskReports } from './calls/desk-reports';
import { createDemoLine } from './demo/demo-line';
import { createEventHub, type EventHub } from './hub/event-hub';
import { createLogger, type Logger } from './log';
import { loadAffinityIndex } from './offers/affinity-index';
import { rebuildAffinities } from './offers/affinity-job';
import { ensureReferenceData } from './seed/reference-data';
import { createSettingsStore } from './settings/settings-store';
import { createIssuedTokens } from './auth/issued-tokens';
import { createAgentDirectory } from './auth/agent-directory';
import { createCredentials } from './auth/credentials';
import { createDeskSessions } from './auth/desk-sessions';
import { liveEndingsProjection } from './auth/live-endings';
import { createLiveSessions } from './auth/live-sessions';
import { createSessionTokens } from './auth/session-tokens';
import { createSignInThrottle } from './auth/sign-in-throttle';
import { createConnectionPresence } from './agents/connection-presence';
import { createTeamPresence, type TeamPresence } from './agents/team-presence';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { auditedDispatch } from './audit/audited-dispatch';
import { createTodayThread, type BoardAggregator } from './board/aggregate-thread';
import { createBoardService } from './board/board-service';
import { mayReceive } from './hub/audience';
import { deltaForWallboard } from './board/wallboard-view';
import type { CallContext } from './dispatch/call-context';
import type { HubListener } from './hub/event-hub';
import { createMetricsRepository } from './metrics/metrics-repository';
import { createMetricsService } from './metrics/metrics-service';
import { createSlaTargets } from './metrics/sla-targets';
import type { Bus } from './log/bus';
import { createEventLog, type EventLog } from './log/event-log';
import { createProjectionRunner, type ProjectionRunner } from './log/projection-runner';
import { sharedCachesProjection } from './log/shared-caches';
import { APP_VERSION } from './version';
import type { RoutingPort } from '../../shared/domain/routing/route-protocol';
import { createAgentPool } from './routing/agent-pool';
import { createPolicies } from './routing/policies';
import { createReservations } from './routing/reservations';
import { createRoutingService, type RoutingService } from './routing/routing-service';
import { createRoutingAdmin } from './routing/routing-admin';
import { createRoutedDemoLine } from './demo/routed-demo-line';
import type { SipProvisioning } from './auth/sip-credentials';

export interface CoreOptions<S extends Store = Store> {
  /** Where the data lives (migrated at start): `openSqliteStore(file)` for a desk. */
  store: S;
  now?: () => number;
  settings?: Partial<Settings>;
  logger?: Logger;
  /**
   * Check every handler result against the contract. Default on (tests, development); the
   * hosts turn it off unless FRONTLINE_VALIDATE_OUTPUT=1, as it costs about a fifth of a
   * screen-pop lookup (docs/BENCHMARKS.md).
   */
  validateOutput?: boolean;
  /** Demo line: mean gap between calls to an available agent; 0 (default) rings only on request. */
  demoLineMeanIntervalMs?: number;
  /**
   * The demo quick start (ADR 0024): agents without a password may sign in and new extensions become
   * demo agents, while the demo line is on. Hosts turn it on only on loopback; off by default.
   */
  quickStart?: boolean;
  /** The SIP URI the PBX rings for a routed agent (ADR 0026); default `sip:<extension>@<FRONTLINE_SIP_DOMAIN or localhost>`. */
  routingAgentUri?: (extension: string) => string;
  /** Real milliseconds a throttled sign-in waits before its refusal (ADR 0024); default 1,000. */
  signInRefusalHoldMs?: number;
  /** The PBX whose time-limited SIP credentials signed-in agents get (ADR 0032); none by default. */
  sipProvisioning?: SipProvisioning | null;
  /**
   * Team mode (PostgreSQL): how often this instance also ends the due time boxes other instances
   * armed (ADR 0037). Default 2,000 ms on PostgreSQL with the real clock; off on SQLite and with
   * a test's clock (a test ends boxes itself with `endDueTimeBoxes`).
   */
  teamSweepMs?: number;
  /**
   * Routing's real-time timers (sticky timeouts, max wait, ring time-outs); default on. A simulation
   * that owns the clock turns them off and calls `routing.reconsider()` at `routing.nextWakeAt()`,
   * so its results do not depend on how fast the machine runs it.
   */
  routingTimers?: boolean;
  /**
   * Wraps the board's aggregator (the worker that computes figures). Tests use it to hold the
   * worker's answers and watch what the board sends meanwhile; hosts leave it unset.
   */
  wrapBoardAggregator?: (aggregator: BoardAggregator) => BoardAggregator;
}

export interface Core<S extends Store = Store> {
  dispatch: Dispatch;
  hub: EventHub;
  /** The event log every state change is appended to. */
  log: EventLog;
  /** Keeps the in-memory projections (presence, today's metrics, the board) caught up with the log. */
  projections: ProjectionRunner;
  /** Every projection caught up with the log and the board's figures recomputed: what every screen shows once it settles. */
  settled(): Promise<void>;
  /** End every after-call time box whose deadline has passed by the core's clock (what its timers do). */
  endDueTimeBoxes(): Promise<void>;
  /** Events this connection may receive (its own agent's, or the board's once subscribed). Hosts use this, not the hub. */
  subscribe(ctx: CallContext, listener: HubListener): () => void;
  /** A host's connection closed (socket gone, window destroyed): presence follows it (grace, then Disconnected). */
  connectionClosed(ctx: CallContext): void;
  store: S;
  /** @deprecated the store (tests still read the SQLite file through it). */
  connection: S;
  logger: Logger;
  /** The security audit trail (sign-ins, supervisor actions, refused connections); hosts record their refusals here. */
  audit: AuditLog;
  /** The routing engine behind the PBX seam (issue 13, ADR 0026): the PBX adapter and the demo line ask it. */
  routing: RoutingPort & Pick<RoutingService, 'reconsider' | 'nextWakeAt' | 'waiting' | 'idle' | 'policies'>;
  close(): Promise<void>;
}

/** The host-agnostic application: one per process, bound by Electron IPC, the WebSocket server, or tests. */
export async function createCore<S extends Store>(options: CoreOptions<S>): Promise<Core<S>> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger('core');
  const connection = options.store;
  await migrateToLatest(connection.db);
  const settings = await createSettingsStore(connection.db, options.settings);
  const hub = createEventHub((error) => logger.error({ err: error }, 'event listener failed'));
  await ensureReferenceData(connection.db, now());
  await ensureAffinities(connection.db, now(), logger);
  const affinitiesFrom = await loadAffinityIndex(connection.db);
  const reader = connection.popReader(settings.get().currency);
  const crm = createCrmService({ db: connection.db, reader, settings: settings.get, now, affinitiesFrom });
  const bus: Bus = await connection.openBus((error) => logger.warn({ err: error }, 'event bus connection lost; reconnecting (the log is polled meanwhile)'));
  const log = createEventLog(connection.db, bus);
  const presence = createPresence(connection.db, hub);
  const desks = createDeskWriter(log, now);
  const acw = () => settings.get().acw;
  const agents = createAgentService({ log, desks, presence, breakReasons: () => settings.get().breakReasons, acw, now });
  const demoLine = await createDemoLine({
    db: connection.db,
    onError: (error) => logger.error({ err: error }, 'demo call failed'),
    hub,
    availableAgentIds: presence.availableAgentIds,
    meanIntervalMs: settings.get().demoLine ? (options.demoLineMeanIntervalMs ?? 0) : 0,
  });
  const onError = (error: unknown) => logger.error({ err: error }, 'background task failed');
  const targets = createSlaTargets(connection.db);
  const metrics = createMetricsService({
    db: connection.db,
    repository: createMetricsRepository,
    targets,
    settings: () => settings.get().metrics,
    now,
    // On a SQLite file the worker reads the day itself (ADR 0066); PostgreSQL's reads do not block the event loop.
    today: createTodayThread(logger, { databaseFile: connection.kind === 'sqlite' ? sqliteFileOf(connection) : undefined }),
    onFiguresChanged: (agentIds) => {
      for (const agentId of agentIds) hub.publish('metrics.figuresChanged', { agentId });
    },
  });
  const real = metrics.aggregator;
  const aggregator = options.wrapBoardAggregator?.(real) ?? real;
  const board = createBoardService({ db: connection.db, hub, log, presence, metrics, aggregator, targets, settings: settings.get, now, logger });
  const pool = createAgentPool(connection.db, presence, now);
  const policies = createPolicies(connection.db, log, now);
  const caches = sharedCachesProjection({
    slaTargets: targets,
    routingPolicies: policies,
    agentChanged(agentId) {
      pool.invalidate();
      board.forgetAgentInfo(agentId);
    },
  });
  // Projections start where the stored state is: what they load at start already holds every event so far.
  const projections = createProjectionRunner(log, bus, [presence.projection, metrics.projection, board.projection, caches], (error) =>
    logger.error({ err: error }, 'projection failed'),
  );
  projections.startAt(await log.head());
  await presence.load();
  const teamSweepMs = options.teamSweepMs ?? (connection.kind === 'postgres' && options.now === undefined ? TEAM_SWEEP_MS : undefined);
  // Team mode: instances share the time boxes; any of them ends a due one (ADR 0037).
  const wrapUps = createWrapUpService({ db: connection.db, log, desks, acw, now, onError, sweepMs: teamSweepMs });
  const recovered = await wrapUps.recover();
  if (recovered.closed + recovered.rearmed > 0) logger.info(recovered, 'after-call work recovered');
  const audit = createAuditLog(connection.db, now, (error) => logger.error({ err: error }, 'audit record failed'));
  const queues = createQueueDirectory(connection.db, now, (name) => void audit.record({ kind: 'call.unknownQueue', principal: null, address: null, detail: { queue: name } }));
  const recorder = createCallRecorder({
    db: connection.db,
    log,
    desks,
    acw,
    missesBeforeUnavailable: () => settings.get().missesBeforeUnavailable,
    queueId: queues.queueId,
    onWrapUpTimed: wrapUps.schedule,
    now,
  });
  const routing = createRoutingService({
    db: connection.db,
    log,
    hub,
    pool,
    policies,
    reservations: createReservations(connection.db, log, now),
    queue: queues.queue,
    lookup: (number) => crm.lookupByPhone(number),
    agentUri: options.routingAgentUri ?? ((extension) => `sip:${extension}@${process.env.FRONTLINE_SIP_DOMAIN ?? 'localhost'}`),
    now,
    onError: (error) => logger.error({ err: error }, 'routing failed'),
    // A desk is there to paint a pushed pop when one of the agent's connections receives events (ADR 0048).
    deskListening: (agentId) => live.contexts(agentId).some((ctx) => listeners.has(ctx)),
    timers: options.routingTimers,
  });
  const routedDemoLine = createRoutedDemoLine({ hub, routing, nextCaller: demoLine.nextCaller, now, onError });
  demoLine.routeThrough(routedDemoLine.arrive);
  const listeners = new WeakMap<CallContext, HubListener>();
  const connectedSpells = createConnectedSpells(now);
  const live = createLiveSessions({
    notify: (ctx, payload) => listeners.get(ctx)?.('session.ended', payload),
    onLastConnectionLost: (agentId, lastHeardAt) => {
      const lostAt = Math.min(lastHeardAt ?? now(), now());
      connectedSpells.closed(agentId, lostAt);
      connectionPresence.lost(agentId, lostAt);
      team?.lost(agentId, lostAt);
    },
    onConnectionBack: (agentId) => {
      connectedSpells.opened(agentId);
      connectionPresence.cancel(agentId);
      team?.opened(agentId);
    },
    // The desk reconnected while its old socket still looked open: it was cut off since that socket was last heard from.
    onAnotherConnection: (agentId, othersLastHeardAt) => {
      connectedSpells.closed(agentId, othersLastHeardAt ?? now());
      connectedSpells.opened(agentId);
    },
  });
  // Team mode: which instance holds which desk; a dead instance's desks get the grace on one survivor (ADR 0069).
  const team: TeamPresence | null =
    connection.kind === 'postgres'
      ? createTeamPresence({
          db: connection.db,
          instanceId: randomUUID(),
          now,
          localAgents: live.agentIds,
          graceRunning: (agentId) => connectionPresence.graceRunning(agentId),
          settled: async () => {
            await projections.settled();
          },
          adopt: (agentId, lostAt) => connectionPresence.adopt(agentId, lostAt),
          onError,
          beatMs: teamSweepMs,
          deadAfterMs: TEAM_DEAD_AFTER_BEATS * (teamSweepMs ?? TEAM_SWEEP_MS),
        })
      : null;
  await team?.start();
  const connectionPresence = createConnectionPresence({
    agents,
    presence,
    recorder,
    settings: () => settings.get().sessions,
    connected: (agentId) => live.connectionCount(agentId) > 0,
    connectedElsewhere: team === null ? undefined : team.connectedElsewhere,
    onError,
    now,
  });
  // One SQLite server: nobody is connected at start, whatever presence the log ends on. (In team mode
  // the instance that held a connection runs its grace, or one survivor of it: `team`.)
  if (connection.kind === 'sqlite') connectionPresence.adoptAfterRestart();
  const idleExpiryMs = (): number => settings.get().sessions.idleExpiryMinutes * 60_000;
  const quickStart = (): boolean => options.quickStart === true && settings.get().demoLine;
  projections.add(liveEndingsProjection(live, connectionPresence));
  const sessions = createDeskSessions({
    db: connection.db,
    log,
    now,
    credentials: createCredentials({ db: connection.db, log, throttle: createSignInThrottle(now), audit, quickStart, now, refusalHoldMs: options.signInRefusalHoldMs }),
    tokens: createSessionTokens(connection.db, now, idleExpiryMs),
    live,
    connectionPresence,
    presence,
    agents,
    recorder,
    board,
    audit,
    idleExpiryMs,
    quickStart,
  });
  // Later decisions for waiting callers reach the PBX principals' connections.
  routing.onDecision((callId, decision) => hub.publish('routing.decided', { callId, decision }));
  const handlers = createHandlers({
    db: connection.db,
    log,
    projections,
    version: APP_VERSION,
    now,
    settings,
    agents,
    presence,
    crm,
    demoLine,
    deskReports: createDeskReports({ recorder, spells: connectedSpells, audit, now }),
    wrapUps,
    metrics,
    targets,
    board,
    wallboards: createIssuedTokens(connection.db, now, 'wallboard_tokens'),
    audit,
    queues,
    sessions,
    live,
    directory: createAgentDirectory(connection.db, log, now),
    routing: { ...createRoutingAdmin(connection.db, routing), callbackOutcome: routing.callbackOutcome, popShown: routing.popShown },
    pbxCredentials: createIssuedTokens(connection.db, now, 'pbx_credentials'),
    routingPort: routing,
    sipProvisioning: options.sipProvisioning ?? null,
  });
  const dispatchOnly = auditedDispatch(
    createDispatcher(handlers, {
      validateOutput: options.validateOutput ?? true,
      onInternalError: (method, error) => logger.error({ err: error, method }, 'handler failed'),
    }),
    audit,
  );
  const dispatch: Dispatch = async (method, params, ctx) => {
    const result = await dispatchOnly(method, params, ctx);
    sessions.touch(ctx, now());
    return result;
  };
  return {
    dispatch,
    hub,
    log,
    projections,
    endDueTimeBoxes: wrapUps.endDueTimeBoxes,
    settled: async () => {
      await projections.settled();
      await board.settle();
    },
    subscribe: (ctx, listener) => {
      listeners.set(ctx, listener);
      const off = hub.subscribe((event, payload) => {
        if (!mayReceive(ctx.session, event, payload)) return;
        // A wallboard never receives callers' numbers or names.
        if (event === 'board.delta' && ctx.session.wallboard !== null) listener('board.delta', deltaForWallboard(payload as EventPayload<'board.delta'>));
        else listener(event, payload);
      });
      return () => {
        listeners.delete(ctx);
        off();
      };
    },
    connectionClosed: (ctx) => live.closed(ctx),
    store: connection,
    connection,
    logger,
    audit,
    routing,
    close: async () => {
      routedDemoLine.stop();
      routing.stop();
      await routing.idle();
      await team?.stop();
      connectionPresence.stop();
      demoLine.stop();
      wrapUps.stop();
      board.stop();
      // The projections first: a batch still being applied asks today's worker (the metrics' batch end);
      // closing the worker under it failed that batch ("board worker exited (1)", "projection failed").
      await projections.stop();
      await aggregator.close();
      await bus.close();
      return connection.close();
    },
  };
}

/** The file behind a SQLite store (its adapter's own field: the core otherwise never learns it). */
function sqliteFileOf(store: Store): string | undefined {
  return 'file' in store && typeof store.file === 'string' ? store.file : undefined;
}

/** A database with orders but no affinities yet (created before the offers engine) gets them now. */
async function ensureAffinities(db: Core['connection']['db'], now: number, logger: Logger): Promise<void> {
  const has = await db.selectFrom('product_affinities').select('from_product_id').limit(1).executeTakeFirst();
  const hasOrders = await db.selectFrom('orders').select('id').limit(1).executeTakeFirst();
  if (has !== undefined || hasOrders === undefined) return;
  const started = Date.now();
  const summary = await rebuildAffinities(db, now);
  logger.info({ ...summary, ms: Date.now() - started }, 'product affinities computed');
}

/** Hosts check outputs only when asked: FRONTLINE_VALIDATE_OUTPUT=1. */
export function validateOutputFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FRONTLINE_VALIDATE_OUTPUT === '1';
}

/** How often, on average, the demo line rings an available agent in the shipped app. */
export const DEMO_LINE_MEAN_INTERVAL_MS = 45_000;

/** Team mode: every instance ends due time boxes at most this late, whichever instance armed them (ADR 0037); and beats (ADR 0069). */
const TEAM_SWEEP_MS = 2_000;
/** Team mode: an instance that missed this many beats is dead; one survivor takes over its desks (ADR 0069). */
const TEAM_DEAD_AFTER_BEATS = 5;
