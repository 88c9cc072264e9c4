import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Core } from '../../electron/core/create-core';
import type { Database } from '../../electron/core/db/schema';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import type { AgentStatus } from '../../shared/contract/schemas/agent';
import type { CallEventReport } from '../../shared/contract/schemas/calls';
import type { ContractClient } from './crash-client';
import { fields, inbound, type Reported } from './call-reports';
import { seededRandom } from './seeded-random';

/**
 * A simulated call-centre floor, in-process against a real core (createFloor) or over the WebSocket
 * contract against a server process (createFloorOn with desksOverWebSocket): N agents sign in, go available
 * and take seeded random calls (offered → answered → maybe hold → ended → wrap-up submitted;
 * some abandoned while ringing, some missed), at a steady number of events per second. Every
 * event goes through the agent's window (core.dispatch, or its own WebSocket) as a desk would send it. Stoppable at any time;
 * cheap enough for 500 agents at 50 events a second.
 */

export interface FloorOptions {
  agents: number;
  eventsPerSecond: number;
  seed?: number;
  /** Extensions are consecutive from here. */
  firstExtension?: number;
  /** Queue names calls come from (the seeded ones by default). Each must exist (queues.create): a call never creates one. */
  queues?: readonly string[];
  /** Spread the agents over these teams (created if missing); otherwise new agents join the default team. */
  teams?: readonly string[];
  /** The clock event times are taken from (the core's). */
  now?: () => number;
  /** Of the calls offered: share the caller abandons while ringing, share the agent misses. */
  abandonRate?: number;
  missRate?: number;
  /** Of answered calls: share put on hold once. */
  holdRate?: number;
  /** Of idle turns: share an agent takes a short break instead of a call. */
  breakRate?: number;
  /** Agents signing in at the same time (default 1: one after another). */
  signInConcurrency?: number;
}

type Phase = 'idle' | 'ringing' | 'talking' | 'held' | 'ended' | 'on-break';

export interface FloorAgent {
  name: string;
  extension: string;
  agentId: number;
  /** The agent's desk session (agent.resume takes it on another instance). */
  token: string;
  desk: FloorDesk;
  /** The agent's presence as the core last reported it. */
  status: AgentStatus;
  phase: Phase;
  callKey: string | null;
  callId: number | null;
  busy: boolean;
}

export interface Floor {
  readonly agents: readonly FloorAgent[];
  /** Events applied so far. */
  readonly events: number;
  /** Calls started so far (each is a leg of today's figures). */
  readonly calls: number;
  /** Failed events (the core said no), most recent last, at most 100 kept. */
  readonly errors: readonly string[];
  readonly running: boolean;
  start(): void;
  /** Stop producing events and wait for those in flight: the floor is then still. */
  pause(): Promise<void>;
  /** Pause for good and stop listening to the core (the agents' windows stay open, so nobody signs out). */
  stop(): Promise<void>;
  /** Stop, and close the agents' windows (their sockets, over WebSocket). */
  close(): Promise<void>;
  /** Run n events now, without the timer (for tests that want exact progress). */
  step(n: number): Promise<void>;
}

/** One agent's window as the floor drives it: requests on the agent's behalf, and the events pushed to it. */
export interface FloorDesk {
  /** One request; rejects with the error envelope's code and message when the server says no. */
  call<T>(method: string, params: unknown): Promise<T>;
  /** Presence changes pushed to this window (`agent.stateChanged`); returns a stop function. */
  onStateChanged(listener: (status: AgentStatus) => void): () => void;
  close(): void;
}

/** Where the floor's agents work: the team's database (teams, agents, queues) and a way to open an agent's window, signed in. */
export interface FloorHost {
  db: Kysely<Database>;
  signIn(name: string, extension: string): Promise<{ desk: FloorDesk; agentId: number; token: string }>;
}

interface SignedIn {
  agent: { id: number };
  session: { token: string };
}

/** A window on a core in this process: requests go through core.dispatch with the window's own call context. */
export function desksInProcess(core: Core): FloorHost {
  return {
    db: core.connection.db,
    async signIn(name, extension) {
      const ctx = newCallContext();
      const desk: FloorDesk = {
        async call<T>(method: string, params: unknown): Promise<T> {
          const r = await core.dispatch(method, params, ctx);
          if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
          return r.value as T;
        },
        onStateChanged: (listener) => core.subscribe(ctx, (event, payload) => event === 'agent.stateChanged' && listener(payload as AgentStatus)),
        close: () => undefined,
      };
      const { agent, session } = await desk.call<SignedIn>('agent.signIn', { name, extension });
      return { desk, agentId: agent.id, token: session.token };
    },
  };
}

/**
 * Windows over the WebSocket contract on a server process (`apiUrl`), one socket per agent, as
 * desks connect in team mode; `db` is the team's database (a pool of the bench's own). An agent with
 * a session token in `tokens` (by extension) resumes it, as a desk moving to another instance does;
 * the others sign in (password-less demo agents sign in only while the demo line is on).
 */
export function desksOverWebSocket(
  db: Kysely<Database>,
  apiUrl: string,
  connect: (apiUrl: string, onEvent: (event: string, payload: unknown) => void) => Promise<ContractClient>,
  tokens: ReadonlyMap<string, string> = new Map(),
): FloorHost {
  return {
    db,
    async signIn(name, extension) {
      const listeners = new Set<(status: AgentStatus) => void>();
      const client = await connect(apiUrl, (event, payload) => {
        if (event === 'agent.stateChanged') for (const l of listeners) l(payload as AgentStatus);
      });
      const desk: FloorDesk = {
        async call<T>(method: string, params: unknown): Promise<T> {
          const r = await client.call<T>(method, params);
          if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
          return r.value;
        },
        onStateChanged(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        close: () => client.close(),
      };
      const token = tokens.get(extension);
      const { agent, session } = await (token === undefined ? desk.call<SignedIn>('agent.signIn', { name, extension }) : desk.call<SignedIn>('agent.resume', { token }));
      return { desk, agentId: agent.id, token: session.token };
    },
  };
}

const QUEUES = ['Sales', 'Support', 'Billing', 'Retention'];
const FIRST = ['Aisha', 'Ben', 'Chloe', 'Dev', 'Elena', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jonah', 'Kira', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Ravi', 'Sofia', 'Tom'];
const LAST = ['Adams', 'Brook', 'Costa', 'Dunn', 'Evans', 'Fox', 'Gill', 'Hale', 'Iqbal', 'Jones', 'Khan', 'Lowe', 'Moss', 'Nash', 'Owen', 'Patel', 'Reid', 'Shaw', 'Tran', 'Vance'];
const DISPOSITIONS = ['resolved', 'info', 'sale', 'callback', 'escalated'];
const TICK_MS = 20;
/** The break reason the core gives after too many missed calls in a row: the simulated agent comes back. */
const MISSED_BREAK = 'Missed calls';


async function teamIds(db: Kysely<Database>, names: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    await db.insertInto('teams').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute();
    ids.push((await db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id);
  }
  return ids;
}

/** Calls name a queue only once a supervisor has created it; a floor on names that are not queues would fill no tile. */
async function checkQueuesExist(db: Kysely<Database>, names: readonly string[]): Promise<void> {
  const rows = await db.selectFrom('queues').select('name').where('name', 'in', [...names]).execute();
  const known = new Set(rows.map((r) => r.name));
  const missing = names.filter((n) => !known.has(n));
  if (missing.length > 0) throw new Error(`createFloor: not queues yet (create them with queues.create first): ${missing.join(', ')}`);
}

async function signInAgents(host: FloorHost, options: FloorOptions, now: () => number): Promise<FloorAgent[]> {
  const first = options.firstExtension ?? 7001;
  const teams = options.teams === undefined || options.teams.length === 0 ? null : await teamIds(host.db, options.teams);
  const agents: FloorAgent[] = [];
  const signIn = async (i: number): Promise<FloorAgent> => {
    const extension = String(first + i);
    // Every first name meets every surname once in the first 400 agents; after that a number tells them apart.
    const round = Math.floor(i / FIRST.length);
    const name = `${FIRST[i % FIRST.length]} ${LAST[(7 * i + round) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
    if (teams !== null) {
      // Created with their team before they ever sign in, so the board never caches them without it.
      await host.db
        .insertInto('agents')
        .values({ name, extension, role: 'agent', team_id: teams[i % teams.length] ?? null, created_at: now(), password_hash: null, demo_credential: 1 })
        .onConflict((oc) => oc.column('extension').doNothing())
        .execute();
    }
    const { desk, agentId, token } = await host.signIn(name, extension);
    const status = await desk.call<AgentStatus>('agent.setState', { state: 'available' });
    return { name, extension, agentId, token, desk, status, phase: 'idle', callKey: null, callId: null, busy: false };
  };
  // In batches (a team's desks sign in at once over their own sockets), in extension order.
  const batch = Math.max(1, options.signInConcurrency ?? 1);
  for (let i = 0; i < options.agents; i += batch) {
    agents.push(...(await Promise.all(Array.from({ length: Math.min(batch, options.agents - i) }, (_, k) => signIn(i + k)))));
  }
  return agents;
}

export function createFloor(core: Core, options: FloorOptions): Promise<Floor> {
  return createFloorOn(desksInProcess(core), options);
}

export async function createFloorOn(host: FloorHost, options: FloorOptions): Promise<Floor> {
  const now = options.now ?? Date.now;
  const random = seededRandom(options.seed ?? 1);
  const queues = options.queues ?? QUEUES;
  const abandonRate = options.abandonRate ?? 0.08;
  const missRate = options.missRate ?? 0.04;
  const holdRate = options.holdRate ?? 0.2;
  const breakRate = options.breakRate ?? 0.03;
  await checkQueuesExist(host.db, queues);
  const agents = await signInAgents(host, options, now);
  const inFlight = new Set<Promise<void>>();
  const errors: string[] = [];
  let events = 0;
  let calls = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let credit = 0;
  let lastTick = 0;

  // Presence changes made elsewhere (a supervisor, the wrap-up time box) reach the simulated agents as they would a window.
  const offs = agents.map((a) =>
    a.desk.onStateChanged((status) => {
      a.status = status;
    }),
  );

  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  /** Whether this agent has something to do now (a break the floor did not choose is left alone). */
  function actionable(a: FloorAgent): boolean {
    if (a.busy) return false;
    if (a.phase !== 'idle') return true;
    if (a.status.state === 'available') return true;
    return a.status.state === 'break' && a.status.reason === MISSED_BREAK;
  }

  async function call(a: FloorAgent, event: CallEventReport): Promise<void> {
    const r = await a.desk.call<Reported>('calls.report', { callKey: a.callKey as string, eventId: randomUUID(), at: now(), event });
    a.callId = r.callId;
    a.status = r.status;
  }

  /** One event for one agent: the next step of their call, or of their presence. */
  async function advance(a: FloorAgent): Promise<void> {
    const roll = random();
    switch (a.phase) {
      case 'idle':
        if (a.status.state !== 'available') {
          a.status = await a.desk.call<AgentStatus>('agent.setState', { state: 'available' });
        } else if (roll < breakRate) {
          a.status = await a.desk.call<AgentStatus>('agent.setState', { state: 'break', reason: 'Coffee' });
          a.phase = 'on-break';
        } else {
          a.callKey = `floor-${a.extension}-${++calls}`;
          const caller = `+4479${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
          await call(a, inbound(caller, { queue: pick(queues), waitedMs: Math.floor(random() * 40_000) }));
          a.phase = 'ringing';
        }
        return;
      case 'on-break':
        a.status = await a.desk.call<AgentStatus>('agent.setState', { state: 'available' });
        a.phase = 'idle';
        return;
      case 'ringing':
        if (roll < abandonRate) await call(a, { type: 'ended', reason: 'caller-cancelled' });
        else if (roll < abandonRate + missRate) await call(a, { type: 'ended', reason: 'missed' });
        else {
          await call(a, { type: 'answered' });
          a.phase = 'talking';
          return;
        }
        a.phase = 'idle';
        return;
      case 'talking':
        if (roll < holdRate) {
          await call(a, { type: 'hold-started' });
          a.phase = 'held';
        } else {
          await call(a, { type: 'ended', reason: roll < 0.6 ? 'remote-hangup' : 'local-hangup' });
          a.phase = 'ended';
        }
        return;
      case 'held':
        await call(a, { type: 'hold-ended' });
        a.phase = 'talking';
        return;
      case 'ended': {
        const resolved = roll < 0.8;
        const r = await a.desk.call<{ status: AgentStatus }>('wrapUp.submit', { callId: a.callId, fields: fields({ dispositionCode: pick(DISPOSITIONS), resolved }) });
        a.status = r.status;
        a.phase = 'idle';
        a.callKey = null;
        a.callId = null;
        return;
      }
    }
  }

  /**
   * One agent's next event, started in a task of its own, as a request arriving from that agent's
   * window would be: a tick that owes several events (the loop was late) never runs them all back to
   * back in one task, which a real server reading separate sockets never does either.
   */
  function fire(a: FloorAgent): Promise<void> {
    a.busy = true;
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => advance(a))
      .then(() => {
        events++;
      })
      .catch((error: unknown) => {
        errors.push(`${a.extension} ${a.phase}: ${error instanceof Error ? error.message : String(error)}`);
        if (errors.length > 100) errors.shift();
        // Start this agent afresh: a call the core refused is dropped from the model.
        a.phase = 'idle';
        a.callKey = null;
        a.callId = null;
      })
      .finally(() => {
        a.busy = false;
        inFlight.delete(p);
      });
    inFlight.add(p);
    return p;
  }

  /** A random agent with something to do, or null when none is free right now. */
  function someone(): FloorAgent | null {
    for (let tries = 0; tries < 8; tries++) {
      const a = agents[Math.floor(random() * agents.length)];
      if (a !== undefined && actionable(a)) return a;
    }
    return agents.find(actionable) ?? null;
  }

  function tick(): void {
    const t = Date.now();
    credit = Math.min(credit + ((t - lastTick) / 1000) * options.eventsPerSecond, Math.max(options.eventsPerSecond, 1));
    lastTick = t;
    while (credit >= 1) {
      const a = someone();
      if (a === null) break;
      credit -= 1;
      void fire(a);
    }
  }

  async function pause(): Promise<void> {
    if (timer !== null) clearInterval(timer);
    timer = null;
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  return {
    agents,
    get events() {
      return events;
    },
    get calls() {
      return calls;
    },
    errors,
    get running() {
      return timer !== null;
    },
    start() {
      if (timer !== null) return;
      lastTick = Date.now();
      credit = 0;
      timer = setInterval(tick, TICK_MS);
    },
    pause,
    async stop() {
      await pause();
      for (const off of offs) off();
    },
    async close() {
      await pause();
      for (const off of offs) off();
      for (const a of agents) a.desk.close();
    },
    async step(n: number) {
      for (let i = 0; i < n; i++) {
        const a = someone();
        if (a !== null) await fire(a);
        else if (inFlight.size > 0) await Promise.race(inFlight);
        else return;
      }
    },
  };
}
