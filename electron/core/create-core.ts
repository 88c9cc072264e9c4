import type { Settings } from '../../shared/contract/schemas/settings';
import { createAgentService } from './agents/agent-service';
import { createCrmService } from './crm/crm-service';
import { createCustomerReader } from './crm/customer-reader';
import { openSqlite, type SqliteConnection } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { createDispatcher, type Dispatch } from './dispatch/dispatcher';
import { createHandlers } from './dispatch/handlers';
import { createEventHub, type EventHub } from './hub/event-hub';
import { createLogger, type Logger } from './log';
import { createSettingsStore } from './settings/settings-store';
import { APP_VERSION } from './version';

export interface CoreOptions {
  /** SQLite file; created and migrated if new. */
  dbFile: string;
  now?: () => number;
  settings?: Partial<Settings>;
  logger?: Logger;
  /** Check every handler result against the contract (default on; the cost is measured in docs/BENCHMARKS.md). */
  validateOutput?: boolean;
}

export interface Core {
  dispatch: Dispatch;
  hub: EventHub;
  connection: SqliteConnection;
  logger: Logger;
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
  const reader = createCustomerReader(connection.raw, settings.get().currency);
  const crm = createCrmService({ db: connection.db, reader, settings: settings.get, now });
  const agents = createAgentService({ db: connection.db, hub, breakReasons: () => settings.get().breakReasons, now });
  const dispatch = createDispatcher(createHandlers({ version: APP_VERSION, now, settings, agents, crm }), {
    validateOutput: options.validateOutput ?? true,
    onInternalError: (method, error) => logger.error({ err: error, method }, 'handler failed'),
  });
  return { dispatch, hub, connection, logger, close: () => connection.close() };
}
