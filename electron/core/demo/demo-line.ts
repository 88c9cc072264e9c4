import type { Kysely } from 'kysely';
import type { DemoCallOffer } from '../../../shared/contract/schemas/demo-line';
import type { Database } from '../db/schema';
import type { EventHub } from '../hub/event-hub';
import { PLANTED_CUSTOMERS, UNKNOWN_DEMO_NUMBER } from '../seed/planted-customers';
import { seededRandom } from '../seed/random';
import { demoQueueWaitS, demoTalkS } from './demo-timing';

export interface DemoLineDeps {
  db: Kysely<Database>;
  hub: EventHub;
  availableAgentIds: () => number[];
  /** Mean gap between calls to one available agent; 0 turns the schedule off (calls only on request). */
  meanIntervalMs: number;
  seed?: number;
  onError?: (error: unknown) => void;
}

/**
 * The demo line's caller mix, driven by the core: mostly named demo customers, some random
 * customers, an unknown number and a withheld one now and then. The agent's page places the
 * call through its in-page demo PBX.
 */
export async function createDemoLine({ db, hub, availableAgentIds, meanIntervalMs, seed = Date.now(), onError = () => {} }: DemoLineDeps) {
  const r = seededRandom(seed);
  const maxId = Number((await db.selectFrom('customers').select((eb) => eb.fn.max('id').as('n')).executeTakeFirst())?.n ?? 0);
  const primaryPhone = (customerId: number) =>
    db
      .selectFrom('customer_phones as p')
      .innerJoin('customers as c', 'c.id', 'p.customer_id')
      .select(['p.e164', 'c.first_name', 'c.last_name'])
      .where('p.customer_id', '=', customerId)
      .orderBy('p.is_primary', 'desc')
      .limit(1)
      .executeTakeFirst();
  const queues = (await db.selectFrom('queues').select('name').orderBy('id').execute()).map((q) => q.name);

  async function nextCaller(agentId: number): Promise<DemoCallOffer> {
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
    const row = await primaryPhone(r.int(PLANTED_CUSTOMERS.length + 1, maxId));
    return row === undefined
      ? { ...base, e164: UNKNOWN_DEMO_NUMBER, displayName: null }
      : { ...base, e164: row.e164, displayName: r.chance(0.7) ? `${row.first_name} ${row.last_name}` : null };
  }

  async function offer(agentId: number, as?: { e164?: string | null | undefined; displayName?: string | null | undefined }): Promise<DemoCallOffer> {
    const random = await nextCaller(agentId);
    const call: DemoCallOffer = {
      ...random,
      ...(as?.e164 !== undefined ? { e164: as.e164 } : {}),
      ...(as?.displayName !== undefined ? { displayName: as.displayName } : {}),
    };
    hub.publish('demoLine.callOffered', call);
    return call;
  }

  // Set when the demo line routes through the engine (issue 13): scheduled callers arrive at the centre instead.
  let route: (() => Promise<unknown>) | null = null;
  // Each tick rings every available agent with probability tick/mean: a Poisson-like arrival per agent.
  const tickMs = 1_000;
  const timer =
    meanIntervalMs > 0
      ? setInterval(() => {
          for (const id of availableAgentIds()) if (r.chance(tickMs / meanIntervalMs)) void (route !== null ? route() : offer(id)).catch(onError);
        }, tickMs)
      : null;
  timer?.unref?.();

  return {
    offer,
    /** The next caller of the mix, for whoever routes them. */
    async nextCaller(): Promise<Omit<DemoCallOffer, 'agentId' | 'waitedSeconds' | 'talkSeconds'>> {
      const { e164, displayName, queue } = await nextCaller(0);
      return { e164, displayName, queue };
    },
    /** Scheduled callers go through this (the routing engine) instead of straight to an agent. */
    routeThrough(arrive: () => Promise<unknown>): void {
      route = arrive;
    },
    stop: () => {
      if (timer !== null) clearInterval(timer);
    },
  };
}

export type DemoLine = Awaited<ReturnType<typeof createDemoLine>>;
