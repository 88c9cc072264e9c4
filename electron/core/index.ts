/**
 * The core's public face for hosts (Electron main, the WebSocket server, the CLIs): everything a
 * host needs, and nothing of the core's insides.
 */
export { principalOf } from './audit/audited-dispatch';
export { exposureProblem, isLoopbackHost } from './auth/host-exposure';
export { createCore, DEMO_LINE_MEAN_INTERVAL_MS, validateOutputFromEnv, type Core, type CoreOptions } from './create-core';
export { dataDirectory, defaultDatabaseFile } from './data-dir';
export { isPostgresUrl, openPostgresStore, openSqliteStore, openStore, type PostgresStore, type SqliteStore, type Store } from './db/store';
export { newCallContext, type CallContext } from './dispatch/call-context';
export { createLogger, type Logger } from './log';
export { commandLineOrExit, finishCommand, redactSecrets } from './util/command-line';
export { demoSupervisorNotice, FIRST_RUN_CUSTOMERS, seedOnFirstRun } from './seed/first-run';
export { seedPostgresOnFirstRun } from './seed/first-run-postgres';
