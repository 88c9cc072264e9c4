import type SqliteDatabase from 'better-sqlite3';
import type { DemoCallOffer } from '../../../shared/contract/schemas/demo-line';
import type { EventHub } from '../hub/event-hub';
import { PLANTED_CUSTOMERS, UNKNOWN_DEMO_NUMBER } from '../seed/planted-customers';
import { seededRandom } from '../seed/random';
import { demoQueueWaitS, demoTalkS } from './demo-timing';

export interface DemoLineDeps {
  raw: SqliteDatabase.Database;
  hub: EventHub;
  availableAgentIds: () => number[];
  /** Mean gap between calls to one available agent; 0 turns the schedule off (calls only on request). */
  meanIntervalMs: number;
  seed?: number;
}

/**
 * The demo line's caller mix, driven by the core: mostly named demo customers, some random
 * customers, an unknown number and a withheld one now and then. The agent's page places the
 * call through its in-page demo PBX.
 */
export function createDemoLine({ raw, hub, availableAgentIds, meanIntervalMs, seed = Date.now() }: DemoLineDeps) {
  const r = seededRandom(seed);
  const maxId = (raw.prepare('SELECT coalesce(max(id), 0) AS n FROM customers').get() as { n: number }).n;
  const primaryPhone = raw.prepare<[number], { e164: string; first_name: string; last_name: string }>(
    `SELECT p.e164, c.first_name, c.last_name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
      WHERE p.customer_id = ? ORDER BY p.is_primary DESC LIMIT 1`,
  );
  const queues = (raw.prepare('SELECT name FROM queues ORDER BY id').all() as { name: string }[]).map((q) => q.name);

  function nextCaller(agentId: number): DemoCallOffer {
    const base = {
      agentId,
      queue: queues.length > 0 ? r.pick(queues) : 'Support',
      waitedSeconds: demoQueueWaitS(r),
      talkSeconds: demoTalkS(r),
    };
    const x = r.unit();
    if (x < 0.05) return { ...base, e164: null, displayName: null };
    // A number the CRM does not know, with no caller-ID name: the desk shows the number itself.
    if (x < 0.15) return { ...base, e164: UNKNOWN_DEMO_NUMBER, displayName: null };
    if (x < 0.6 || maxId <= PLANTED_CUSTOMERS.length) {
      const p = r.pick(PLANTED_CUSTOMERS);
      return { ...base, e164: p.phones[0]?.e164 ?? UNKNOWN_DEMO_NUMBER, displayName: `${p.firstName} ${p.lastName}` };
    }
    const row = primaryPhone.get(r.int(PLANTED_CUSTOMERS.length + 1, maxId));
    return row === undefined
      ? { ...base, e164: UNKNOWN_DEMO_NUMBER, displayName: null }
      : { ...base, e164: row.e164, displayName: r.chance(0.7) ? `${row.first_name} ${row.last_name}` : null };
  }

  function offer(agentId: number, as?: { e164?: string | null | undefined; displayName?: string | null | undefined }): DemoCallOffer {
    const random = nextCaller(agentId);
    const call: DemoCallOffer = {
      ...random,
      ...(as?.e164 !== undefined ? { e164: as.e164 } : {}),
      ...(as?.displayName !== undefined ? { displayName: as.displayName } : {}),
    };
    hub.publish('demoLine.callOffered', call);
    return call;
  }

  // Each tick rings every available agent with probability tick/mean: a Poisson-like arrival per agent.
  const tickMs = 1_000;
  const timer =
    meanIntervalMs > 0
      ? setInterval(() => {
          for (const id of availableAgentIds()) if (r.chance(tickMs / meanIntervalMs)) offer(id);
        }, tickMs)
      : null;
  timer?.unref?.();

  return {
    offer,
    stop: () => {
      if (timer !== null) clearInterval(timer);
    },
  };
}

export type DemoLine = ReturnType<typeof createDemoLine>;
