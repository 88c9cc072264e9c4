import type { EventPayload } from '../../shared/contract/events';
import type { Settings } from '../../shared/contract/schemas/settings';
import { createAgentService } from './agents/agent-service';
import { createDeskWriter } from './agents/desk-writer';
import { createPresence } from './agents/presence';
import { createCallRecorder } from './calls/call-recorder';
import { createQueueDirectory } from './calls/queue-directory';
import { createWrapUpService } from './calls/wrap-up-service';
import { createCrmService } from './crm/crm-service';
import { createCustomerReader } from './crm/customer-reader';
import { openSqlite, type SqliteConnection } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { createDispatcher, type Dispatch } from './dispatch/dispatcher';
import { createHandlers } from './dispatch/handlers';
import { createDemoLine } from './demo/demo-line';
import { createEventHub, type EventHub } from './hub/event-hub';
import { createLogger, type Logger } from './log';
import { loadAffinityIndex } from './offers/affinity-index';
import { rebuildAffinities } from './offers/affinity-job';
import { ensureReferenceData } from './seed/reference-data';
import { createSettingsStore } from './settings/settings-store';
import { createWallboardTokens } from './auth/wallboard-tokens';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { auditedDispatch } from './audit/audited-dispatch';
import { createBoardService } from './board/board-service';
import { mayReceive } from './hub/audience';
import { deltaForWallboard } from './board/wallboard-view';
import type { CallContext } from './dispatch/call-context';
import type { HubListener } from './hub/event-hub';
import { createMetricsRepository } from './metrics/metrics-repository';
import { createMetricsService } from './metrics/metrics-service';
import { createSlaTargets } from './metrics/sla-targets';
import { createLocalBus, type Bus } from './log/bus';
import { createEventLog, type EventLog } from './log/event-log';
import { createProjectionRunner, type ProjectionRunner } from './log/projection-runner';
import { APP_VERSION } from './version';

export interface CoreOptions {
  /** SQLite file; created and migrated if new. */
  dbFile: string;
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
}

export interface Core {
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
  connection: SqliteConnection;
  logger: Logger;
  /** The security audit trail (sign-ins, supervisor actions, refused connections); hosts record their refusals here. */
  audit: AuditLog;
  close(): Promise<void>;
}

/** The host-agnostic application: one per process, bound by Electron IPC, the WebSocket server, or tests. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger('core');
  const connection = openSqlite(options.dbFile);
  await migrateToLatest(connection.db);
  const settings = await createSettingsStore(connection.db, options.settings);
  const hub = createEventHub((error) => logger.error({ err: error }, 'event listener failed'));
  await ensureReferenceData(connection.db, now());
  await ensureAffinities(connection.db, now(), logger);
  const affinitiesFrom = await loadAffinityIndex(connection.db);
  const reader = createCustomerReader(connection.raw, settings.get().currency);
  const crm = createCrmService({ db: connection.db, reader, settings: settings.get, now, affinitiesFrom });
  const bus: Bus = createLocalBus();
  const log = createEventLog(connection.db, bus);
  const presence = createPresence(connection.db, hub);
  const desks = createDeskWriter(log, now);
  const acw = () => settings.get().acw;
  const agents = createAgentService({ db: connection.db, log, desks, presence, breakReasons: () => settings.get().breakReasons, acw, now });
  const demoLine = createDemoLine({
    raw: connection.raw,
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
  });
  const board = createBoardService({ db: connection.db, hub, log, presence, metrics, targets, settings: settings.get, now, logger });
  // Projections start where the stored state is: what they load at start already holds every event so far.
  const projections = createProjectionRunner(log, bus, [presence.projection, metrics.projection, board.projection], (error) =>
    logger.error({ err: error }, 'projection failed'),
  );
  projections.startAt(await log.head());
  await presence.load();
  const wrapUps = createWrapUpService({ db: connection.db, log, desks, acw, now, onError });
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
  const handlers = createHandlers({ db: connection.db, log, projections, version: APP_VERSION, now, settings, agents, presence, crm, demoLine, recorder, wrapUps, metrics, targets, board, wallboards: createWallboardTokens(connection.db, now), audit, queues });
  const dispatch = auditedDispatch(
    createDispatcher(handlers, {
      validateOutput: options.validateOutput ?? true,
      onInternalError: (method, error) => logger.error({ err: error, method }, 'handler failed'),
    }),
    audit,
  );
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
    subscribe: (ctx, listener) => hub.subscribe((event, payload) => {
      if (!mayReceive(ctx.session, event, payload)) return;
      // A wallboard never receives callers' numbers or names.
      if (event === 'board.delta' && ctx.session.wallboard !== null) listener('board.delta', deltaForWallboard(payload as EventPayload<'board.delta'>));
      else listener(event, payload);
    }),
    connection,
    logger,
    audit,
    close: async () => {
      demoLine.stop();
      wrapUps.stop();
      board.stop();
      projections.stop();
      await bus.close();
      return connection.close();
    },
  };
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
