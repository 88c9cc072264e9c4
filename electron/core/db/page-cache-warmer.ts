import { statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';

/** A database this big is a working centre's: its file is read into the OS page cache at start. */
const WARM_FROM_BYTES = 64 * 1024 * 1024;
/** …unless it would take more than this share of the machine's memory (then the OS keeps what is used). */
const MAX_SHARE_OF_MEMORY = 0.5;
const CHUNK_BYTES = 1024 * 1024;

/** The worker: the file read through once, front to back, in 1 MB reads (the kernel reads ahead). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const fd = openSync(workerData.file, 'r');
const buffer = Buffer.allocUnsafe(workerData.chunk);
let bytes = 0;
const started = Date.now();
try {
  for (;;) {
    const n = readSync(fd, buffer, 0, buffer.length, bytes);
    if (n <= 0) break;
    bytes += n;
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage({ bytes, ms: Date.now() - started });
`;

export interface WarmedFile {
  bytes: number;
  ms: number;
}

/**
 * Reads a big database file into the OS page cache in a worker thread, so that the event loop's
 * synchronous SQLite statements find their pages in memory instead of waiting for the disk.
 *
 * Why: on the 10M-call day the call legs' indexes keyed at random (caller, customer, contact key,
 * an agent's client keys) are most of a 3.4 GB file, and every call report inserts into or looks up
 * a leaf page of each: with half the file out of the page cache, the main thread sat in `pread64`
 * on the database for up to 45-65 ms in a single statement (docs/BENCHMARKS.md, board-loop, session
 * 10). Reading the file through once costs a worker a few seconds of sequential I/O at start and
 * nothing on the event loop; the main connection's memory map then reads from the warmed cache.
 *
 * A file smaller than `fromBytes` (tests, a quiet desk) or larger than half the machine's memory
 * is left to the OS. `onDone` gets what was read; errors (the file went away) go to `onError`.
 */
export function warmPageCache(
  file: string,
  options: { fromBytes?: number; onDone?: (warmed: WarmedFile) => void; onError?: (error: unknown) => void } = {},
): { close(): Promise<void> } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { close: async () => undefined };
  }
  if (size < (options.fromBytes ?? WARM_FROM_BYTES) || size > totalmem() * MAX_SHARE_OF_MEMORY) return { close: async () => undefined };
  const worker = new Worker(WORKER, { eval: true, workerData: { file, chunk: CHUNK_BYTES } });
  worker.unref();
  let running = true;
  worker.once('message', (warmed: WarmedFile) => options.onDone?.(warmed));
  worker.once('error', (error) => options.onError?.(error));
  const gone = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  return {
    async close() {
      if (running) await worker.terminate();
      await gone;
    },
  };
}
