/**
 * One router process for the reservation race (tests/db/reservation-race.test.ts): opens the shared
 * SQLite file or PostgreSQL database and, for `rounds` rounds, reserves a random agent and later releases it, each
 * success and each release logged in the same transaction as the change.
 * argv: file or postgres:// URL, seed, rounds, agents (comma-separated ids).
 */
import { openStore } from '../../electron/core/db/store';
import { createLocalBus } from '../../electron/core/log/bus';
import { createEventLog } from '../../electron/core/log/event-log';
import { createReservations, isBusy } from '../../electron/core/routing/reservations';

const [file, seedArg, roundsArg, agentsArg] = process.argv.slice(2);
let seed = Number(seedArg);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const agents = (agentsArg ?? '').split(',').map(Number);
const store = openStore(file ?? '');
const log = createEventLog(store.db, createLocalBus());
const reservations = createReservations(store.db, log, Date.now);
const mine: { agentId: number; decisionId: string }[] = [];
let won = 0;
const refusals: Record<string, number> = {};
for (let round = 0; round < Number(roundsArg); round++) {
  const agentId = agents[Math.floor(random() * agents.length)] as number;
  const decisionId = `p${seedArg}-${round}`;
  const ok = await log
    .transact(async (tx) => {
    const refused = await reservations.tryReserve(tx, { agentId, sipCallId: `call-${decisionId}`, decisionId, until: Date.now() + 60_000 });
    if (refused === null) await log.append(tx, { type: 'routing.decided', agentId, data: { sipCallId: `call-${decisionId}`, decisionId, queueId: null, kind: 'agent', step: 'race', why: '', offered: [agentId], excluded: [], customerId: null, vip: false, stickyAgentId: null, waitedSec: 0 } }, Date.now());
    if (refused !== null) refusals[refused] = (refusals[refused] ?? 0) + 1;
    return refused === null;
    })
    .catch((error: unknown) => {
      if (!isBusy(error)) throw error;
      refusals.busy = (refusals.busy ?? 0) + 1;
      return false;
    });
  if (ok) {
    won++;
    mine.push({ agentId, decisionId });
  }
  if (mine.length > 0 && random() < 0.5) {
    const { agentId: a, decisionId: d } = mine.splice(Math.floor(random() * mine.length), 1)[0]!;
    await retryBusy(() => log.transact(async (tx) => {
      if (await reservations.release(a, d, tx)) await log.append(tx, { type: 'routing.reported', agentId: a, data: { sipCallId: `call-${d}`, decisionId: d, what: 'answered' } }, Date.now());
    }));
  }
}
await store.close();

/** A release must land: retried while another process holds the file. */
async function retryBusy(work: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
console.log(JSON.stringify({ won, refusals }));
