import type SqliteDatabase from 'better-sqlite3';
import { realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** SQLite's own default: the committing connection copies the WAL back once it holds this many pages. */
const IN_THREAD_PAGES = 1000;
/** While the worker checkpoints, the committing connection does so only as a safety net, this late. */
const SAFETY_NET_PAGES = 20_000;
/** The worker starts once the WAL file is this big (half of what SQLite lets it reach by default): most cores (tests, a quiet desk) never need it. */
const START_AT_BYTES = 2 * 1024 * 1024;
/** A database this big is a working centre's (the CRM alone): the worker starts with the connection, not after the WAL has grown. */
const START_WITH_FILE_BYTES = 64 * 1024 * 1024;
const CHECK_EVERY_MS = 1_000;
const CHECKPOINT_EVERY_MS = 250;

/** The worker: its own connection to the file, a PASSIVE checkpoint now and then (never waits for the writer). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error && error.message || error) }); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
parentPort.postMessage({ ready: true });
`;

/**
 * WAL checkpoints off the event loop. With SQLite's default, the connection whose commit takes the
 * WAL past 1000 pages copies it back into the database file and syncs it inside that commit: on the
 * routing decision's path that was a commit of 10–70 ms about once every few hundred decisions (the
 * p99, docs/BENCHMARKS.md). Once the WAL has grown, a worker thread with its own connection runs a
 * PASSIVE checkpoint every 250 ms (it never blocks the writer), and the main connection's own
 * checkpoint stays only as a safety net. If the worker cannot start or fails, SQLite's default
 * comes back.
 *
 * The WAL's size is looked at by a timer, which never fires while the event loop is kept busy by
 * work that only awaits promises (a benchmark's loop of decisions, a bulk job): so a database big
 * enough to be a working centre's gets the worker at once, and the connection stops checkpointing
 * in its commits as soon as the worker is started, not when its first message arrives.
 */
export function startWalCheckpointer(
  raw: SqliteDatabase.Database,
  file: string,
  onError: (error: unknown) => void = () => undefined,
  options: { startWithFileBytes?: number } = {},
): { close(): Promise<void> } {
  let worker: Worker | null = null;
  let closed = false;
  const inThread = () => {
    if (!raw.open) return;
    try {
      raw.pragma(`wal_autocheckpoint = ${IN_THREAD_PAGES}`);
    } catch (error) {
      onError(error);
    }
  };
  const start = () => {
    // A handle closed directly (not through `close()`: a one-off script, the bench generator) is left alone.
    if (!raw.open) return;
    let driver: string;
    try {
      driver = createRequire(import.meta.url).resolve('better-sqlite3');
    } catch (error) {
      onError(error);
      return;
    }
    const w = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } });
    worker = w;
    w.unref();
    // At once: an 'error' or 'exit' (the worker could not open the file) brings SQLite's default back.
    raw.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    w.on('message', (m: { ready?: true; error?: string }) => {
      if (m.error !== undefined) onError(new Error(`WAL checkpoint: ${m.error}`));
    });
    w.on('error', (error) => {
      onError(error);
      inThread();
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      inThread();
    });
  };
  const wal = walFileOf(file);
  if (fileBytes(file) >= (options.startWithFileBytes ?? START_WITH_FILE_BYTES)) start();
  const check = setInterval(() => {
    if (worker !== null || closed) return;
    if (!raw.open) {
      clearInterval(check);
      return;
    }
    try {
      if (statSync(wal).size < START_AT_BYTES) return;
    } catch {
      return;
    }
    clearInterval(check);
    start();
  }, CHECK_EVERY_MS);
  check.unref();
  return {
    async close() {
      closed = true;
      clearInterval(check);
      const w = worker;
      if (w === null) return;
      const gone = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      // Held (ref'd) until it is gone: the caller awaits this, and with nothing else left to keep the
      // event loop alive (a host shutting down last) an unref'd worker and timer would let the process
      // end in the middle of the await (Node's exit code 13, nothing printed after it).
      w.ref();
      w.postMessage('close');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      if (worker === w) await w.terminate();
    },
  };
}

/**
 * The WAL file SQLite writes beside a database: next to the file a symbolic link points at (SQLite's
 * unix VFS resolves links before naming `-wal`), not next to the link. Looking beside the link found
 * no WAL, so the worker never started and every 1000th page's commit checkpointed on the event loop.
 */
export function walFileOf(file: string): string {
  try {
    return `${realpathSync(file)}-wal`;
  } catch {
    return `${file}-wal`;
  }
}

function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
