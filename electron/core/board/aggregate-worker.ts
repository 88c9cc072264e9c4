/**
 * The board's worker thread: a copy of today's legs and presence, kept up to date by the messages
 * the main thread sends, and the queue, team and centre figures computed from it on request, so
 * a board turn over a big day never holds up the server's requests. On SQLite it also reads the day
 * itself, with a connection of its own (ADR 0066): the main thread never reads the whole day.
 */
import { parentPort } from 'node:worker_threads';
import { openTodayReader } from '../metrics/today-read';
import { createAggregateReplica } from './aggregate-replica';
import type { FromWorker, ToWorker } from './aggregate-messages';

const replica = createAggregateReplica();
let reader: { file: string; reader: ReturnType<typeof openTodayReader> } | null = null;

async function handle(message: ToWorker): Promise<FromWorker | null> {
  if (message.kind !== 'load') return replica(message);
  try {
    if (reader?.file !== message.file) {
      reader?.reader.close();
      reader = { file: message.file, reader: openTodayReader(message.file) };
    }
    const day = await reader.reader.read(message.range, message.fcrWindowMs);
    replica.loaded(message.range, day);
    return { id: message.id, loadedAt: day.head };
  } catch (error) {
    return { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
}

// In order: a message after a load is handled once the day is in (the load awaits its reads).
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: ToWorker) => {
  queue = queue
    .then(async () => {
      const reply = await handle(message);
      if (reply !== null) parentPort?.postMessage(reply);
    })
    .catch((error: unknown) => console.error('board worker:', error));
});
