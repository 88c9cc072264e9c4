/**
 * The board's worker thread: a copy of today's legs and presence, kept up to date by the messages
 * the main thread sends, and the queue, team and centre figures computed from it on request, so
 * a board turn over a big day never holds up the server's requests.
 */
import { parentPort } from 'node:worker_threads';
import { createAggregateReplica } from './aggregate-replica';
import type { ToWorker } from './aggregate-messages';

const replica = createAggregateReplica();
parentPort?.on('message', (message: ToWorker) => {
  const reply = replica(message);
  if (reply !== null) parentPort?.postMessage(reply);
});
