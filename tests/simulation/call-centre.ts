/**
 * A seeded discrete-event simulation of a call centre: callers arrive, wait in queues, ring
 * agents who answer, decline or miss, hang up early (some exactly on the service-level and
 * short-abandon boundaries), are put on hold, transferred, call back (some exactly W later),
 * and agents work shifts with breaks. Every event is sent through a Switchboard (the real core's
 * dispatcher) at its own time, in global time order, and the simulator records what it sent in
 * its own ledger — the ground truth the brute-force checker recomputes the metrics from.
 */
import type { CallEventReport } from '../../shared/contract/schemas/calls';
import type { WrapUpFields } from '../../shared/contract/schemas/wrap-up';
import type { StaffedSpell, TruthLeg } from './brute-force';
import { Random } from './random';

export interface PresenceStatus {
  state: string;
  reason: string | null;
}

/** What the simulator drives. The clock is set to each event's time before the call that reports it. */
export interface Switchboard {
  setClock(t: number): void;
  signIn(agent: number): Promise<{ agentId: number; status: PresenceStatus }>;
  signOut(agent: number): Promise<PresenceStatus>;
  setState(agent: number, state: 'available' | 'break', reason: string | null): Promise<PresenceStatus>;
  setNextState(agent: number, state: 'break', reason: string): Promise<PresenceStatus>;
  report(agent: number, callKey: string, event: CallEventReport, transferredFromCallId?: number): Promise<{ callId: number; status: PresenceStatus }>;
  submitWrapUp(agent: number, callId: number, fields: WrapUpFields): Promise<PresenceStatus>;
}

export interface QueueRef {
  id: number;
  name: string;
}

export interface CentreConfig {
  seed: number;
  /** Local midnight of the first day. */
  start: number;
  /** Nothing happens at or after this instant (calls in progress stay so). */
  end: number;
  agents: number;
  queues: readonly QueueRef[];
  /** Customers 1..customers exist in the CRM. */
  customers: number;
  /** Arrivals per hour of the local day. */
  callsPerHour: readonly number[];
  /** Check every presence the server reports against the simulator's model (off only for a stand-in switchboard). */
  verifyPresence?: boolean;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
const W = 7 * DAY;
const RING_TIMEOUT_MS = 15_000;
/** Where agents' shifts start and end, in hours after local midnight (night runs past the next midnight). */
const SHIFTS = [
  { name: 'early', from: 6, to: 16 },
  { name: 'day', from: 10, to: 20 },
  { name: 'late', from: 14, to: 24 },
  { name: 'night', from: 22, to: 32 },
] as const;
const SHIFT_OF_AGENT = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3];
const BOUNDARY_PATIENCE = [4_999, 5_000, 5_001, 19_999, 20_000, 20_001];
const NOT_RESOLVED = ['info', 'callback', 'escalated', 'complaint'];

type Resting = { state: 'offline' | 'break' | 'available'; reason: string | null };
type Plan = { kind: 'break'; reason: string; ms: number } | { kind: 'sign-out' };

interface Agent {
  n: number;
  id: number;
  signedIn: boolean;
  resting: Resting;
  /** Chosen with setNextState during wrap-up: applies when the wrap-up is submitted. */
  next: { reason: string; ms: number } | null;
  /** The leg ringing or in progress (one at a time). */
  leg: TruthLeg | null;
  talking: boolean;
  wrapUp: TruthLeg | null;
  misses: number;
  pending: Plan | null;
  idleSince: number;
  /** Bumped on every presence choice, so a stale "break over" does nothing. */
  generation: number;
  spells: StaffedSpell[];
}

interface SimContact {
  key: string;
  queueCallId: string | null;
  queue: QueueRef | null;
  arrival: number;
  start: number;
  patienceUntil: number;
  customerId: number | null;
  callerE164: string | null;
  withheld: boolean;
  canChooseCustomer: boolean;
  /** Callers (customer or number) this contact holds: one contact per caller at a time. */
  holds: Set<string>;
  tried: Set<number>;
  legs: TruthLeg[];
  state: 'ivr' | 'queued' | 'ringing' | 'connected' | 'done';
  answered: boolean;
  transferred: boolean;
  planted: string | null;
}

interface Job {
  t: number;
  seq: number;
  run: () => Promise<void> | void;
}

/** A leg as it is the moment it is offered: nothing has happened to it yet. */
function offeredLeg(
  facts: Pick<TruthLeg, 'contact' | 'direction' | 'agentId' | 'queueId' | 'customerId' | 'callerE164' | 'withheld' | 'transfer' | 'queuedAt' | 'offeredAt'>,
): TruthLeg {
  return { id: 0, ...facts, answeredAt: null, holds: [], endedAt: null, endReason: null, wrapUpEndedAt: null, abandonedAt: null, resolved: null };
}

/** A binary min-heap of jobs by (time, insertion order). */
class Agenda {
  private readonly heap: Job[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(t: number, run: Job['run']): void {
    const job = { t, seq: this.seq++, run };
    const h = this.heap;
    h.push(job);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(job, h[p] as Job)) break;
      h[i] = h[p] as Job;
      i = p;
    }
    h[i] = job;
  }

  peek(): Job | undefined {
    return this.heap[0];
  }

  pop(): Job | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && this.less(h[r] as Job, h[l] as Job) ? r : l;
      if (!this.less(h[c] as Job, last)) break;
      h[i] = h[c] as Job;
      i = c;
    }
    h[i] = last;
    return top;
  }

  private less(a: Job, b: Job): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }
}

export interface CentreStats {
  contacts: number;
  legs: number;
  events: number;
  answered: number;
  abandonedRinging: number;
  abandonedInQueueUnseen: number;
  waitingForever: number;
  missed: number;
  declined: number;
  transfers: number;
  holds: number;
  outbound: number;
  customerChosen: number;
  autoBreaks: number;
  nextStateBreaks: number;
  planted: Record<string, number>;
  plantedSkipped: number;
}

export class CallCentre {
  readonly legs: TruthLeg[] = [];
  readonly stats: CentreStats = {
    contacts: 0,
    legs: 0,
    events: 0,
    answered: 0,
    abandonedRinging: 0,
    abandonedInQueueUnseen: 0,
    waitingForever: 0,
    missed: 0,
    declined: 0,
    transfers: 0,
    holds: 0,
    outbound: 0,
    customerChosen: 0,
    autoBreaks: 0,
    nextStateBreaks: 0,
    planted: {},
    plantedSkipped: 0,
  };
  now: number;
  private readonly rng: Random;
  private readonly agenda = new Agenda();
  private readonly agents: Agent[] = [];
  private readonly queue: SimContact[] = [];
  private readonly activeCallers = new Set<string>();
  private contactSeq = 0;
  private outboundSeq = 0;
  private stillWrappingUp = 0;

  constructor(
    private readonly board: Switchboard,
    private readonly config: CentreConfig,
  ) {
    this.rng = new Random(config.seed);
    this.now = config.start;
    for (let n = 0; n < config.agents; n++) {
      this.agents.push({
        n,
        id: 0,
        signedIn: false,
        resting: { state: 'offline', reason: null },
        next: null,
        leg: null,
        talking: false,
        wrapUp: null,
        misses: 0,
        pending: null,
        idleSince: 0,
        generation: 0,
        spells: [],
      });
    }
    this.planShifts();
    this.agenda.add(config.start, () => this.arrive());
  }

  /** Agents' staffed spells by server agent id (those signed in at least once). */
  staffedSpells(): Map<number, StaffedSpell[]> {
    return new Map(this.agents.filter((a) => a.id !== 0).map((a) => [a.id, a.spells]));
  }

  /** Agents signed in right now: their index (for their connection) and server id. */
  signedIn(): { n: number; id: number }[] {
    return this.agents.filter((a) => a.signedIn).map((a) => ({ n: a.n, id: a.id }));
  }

  /** Run every event before or at `t`, then leave the clock at `t`. */
  async runUntil(t: number): Promise<void> {
    const limit = Math.min(t, this.config.end - 1);
    for (;;) {
      const job = this.agenda.peek();
      if (job === undefined || job.t > limit) break;
      this.agenda.pop();
      this.now = job.t;
      this.board.setClock(job.t);
      await job.run();
    }
    this.now = t;
    this.board.setClock(t);
  }

  // ---------------------------------------------------------------- local time

  private dayStart(k: number): number {
    const d = new Date(this.config.start);
    d.setDate(d.getDate() + k);
    return d.getTime();
  }

  private nextMidnightAfter(t: number): number {
    const d = new Date(t);
    d.setHours(24, 0, 0, 0);
    return d.getTime();
  }

  private nextHourAfter(t: number): number {
    const d = new Date(t);
    d.setMinutes(60, 0, 0);
    return d.getTime();
  }

  // ---------------------------------------------------------------- agents and presence

  private presence(a: Agent): PresenceStatus {
    if (a.talking) return { state: 'on-call', reason: null };
    if (a.leg !== null) return { state: 'ringing', reason: null };
    if (a.wrapUp !== null) return { state: 'wrap-up', reason: null };
    return { state: a.resting.state, reason: a.resting.reason };
  }

  /** The server's answer must match the simulator's model; then note staffed time from it. */
  private settle(a: Agent, status: PresenceStatus, what: string): void {
    const want = this.presence(a);
    if (this.config.verifyPresence !== false && (status.state !== want.state || (want.state === 'break' && status.reason !== want.reason))) {
      throw new Error(`agent ${a.n} after ${what} at ${this.now}: server says ${status.state}/${status.reason}, simulator expects ${want.state}/${want.reason}`);
    }
    const staffed = want.state !== 'offline' && want.state !== 'break';
    const open = a.spells.at(-1);
    if (staffed && (open === undefined || open.to !== null)) a.spells.push({ from: this.now, to: null });
    if (!staffed && open !== undefined && open.to === null) open.to = this.now;
  }

  private free(a: Agent): boolean {
    return a.signedIn && a.resting.state === 'available' && a.leg === null && a.wrapUp === null && a.pending === null;
  }

  private pickFree(exclude: ReadonlySet<number>): Agent | null {
    let best: Agent | null = null;
    for (const a of this.agents) {
      if (!this.free(a) || exclude.has(a.n)) continue;
      if (best === null || a.idleSince < best.idleSince) best = a;
    }
    return best;
  }

  private planShifts(): void {
    const { start, end } = this.config;
    for (let k = -1; this.dayStart(k) < end; k++) {
      for (const a of this.agents) {
        if ((k + a.n) % 7 === 0) continue; // a day off a week, staggered
        const shift = SHIFTS[SHIFT_OF_AGENT[a.n % SHIFT_OF_AGENT.length] as number] as (typeof SHIFTS)[number];
        const from = this.dayStart(k) + shift.from * HOUR + this.rng.int(-5 * MINUTE, 10 * MINUTE);
        const to = this.dayStart(k) + shift.to * HOUR + this.rng.int(0, 10 * MINUTE);
        if (to <= start) continue;
        const at = (t: number, run: () => Promise<void>) => {
          if (t >= start) this.agenda.add(t, run);
        };
        this.agenda.add(Math.max(from, start), () => this.signIn(a));
        const coffee = this.rng.int(12, 18) * MINUTE;
        const lunch = this.rng.int(25, 35) * MINUTE;
        const tea = this.rng.int(12, 18) * MINUTE;
        at(from + 2 * HOUR + this.rng.int(-15 * MINUTE, 15 * MINUTE), () => this.planBreak(a, 'Coffee', coffee));
        at(from + 4 * HOUR + this.rng.int(-20 * MINUTE, 20 * MINUTE), () => this.planBreak(a, 'Lunch', lunch));
        at(from + 6.3 * HOUR + this.rng.int(-15 * MINUTE, 15 * MINUTE), () => this.planBreak(a, 'Coffee', tea));
        if (this.rng.chance(0.08)) {
          const reason = this.rng.pick(['Training', 'Meeting', 'Coaching']);
          const ms = this.rng.int(20, 50) * MINUTE;
          at(from + this.rng.int(HOUR, 7 * HOUR), () => this.planBreak(a, reason, ms));
        }
        for (let i = this.rng.int(0, 2); i > 0; i--) at(this.rng.int(from + 20 * MINUTE, to - 20 * MINUTE), () => this.placeOutbound(a));
        at(to, () => this.shiftOver(a));
      }
    }
  }

  private async signIn(a: Agent): Promise<void> {
    if (a.signedIn) return;
    const { agentId, status } = await this.board.signIn(a.n);
    this.stats.events += 1;
    a.id = agentId;
    a.signedIn = true;
    a.resting = { state: 'break', reason: 'Not ready' };
    a.misses = 0;
    a.pending = null;
    a.next = null;
    const gen = ++a.generation;
    this.settle(a, status, 'sign-in');
    this.agenda.add(this.now + this.rng.int(MINUTE, 3 * MINUTE), () => this.backToWork(a, gen));
  }

  /** Available again after sign-in, a break, or a break the server imposed after missed calls. */
  private async backToWork(a: Agent, gen: number): Promise<void> {
    if (a.generation !== gen || !a.signedIn || a.leg !== null || a.wrapUp !== null) return;
    if (a.pending !== null) return this.carryOutPlan(a);
    await this.setState(a, 'available', null);
    await this.route();
  }

  private async setState(a: Agent, state: 'available' | 'break', reason: string | null): Promise<number> {
    const status = await this.board.setState(a.n, state, reason);
    this.stats.events += 1;
    a.resting = { state, reason };
    a.misses = 0;
    const gen = ++a.generation;
    this.settle(a, status, `setState ${state}`);
    return gen;
  }

  private async planBreak(a: Agent, reason: string, ms: number): Promise<void> {
    if (!a.signedIn || a.resting.state !== 'available' || a.pending !== null) return;
    a.pending = { kind: 'break', reason, ms };
    if (a.leg === null && a.wrapUp === null) await this.carryOutPlan(a);
  }

  private async shiftOver(a: Agent): Promise<void> {
    if (!a.signedIn) return;
    a.pending = { kind: 'sign-out' };
    if (a.next !== null) a.next = null; // not reachable: a set next state is always applied at submit
    if (a.leg === null && a.wrapUp === null) await this.carryOutPlan(a);
  }

  /** The agent has no call: do what they meant to do when the last one was over. */
  private async carryOutPlan(a: Agent): Promise<void> {
    const plan = a.pending;
    a.pending = null;
    if (plan === null) return;
    if (plan.kind === 'sign-out') {
      const status = await this.board.signOut(a.n);
      this.stats.events += 1;
      a.signedIn = false;
      a.resting = { state: 'offline', reason: null };
      a.misses = 0;
      a.generation += 1;
      this.settle(a, status, 'sign-out');
      return;
    }
    const gen = await this.setState(a, 'break', plan.reason);
    this.agenda.add(this.now + plan.ms, () => this.backToWork(a, gen));
  }

  /** The agent's call (and wrap-up) is over. */
  private async agentDone(a: Agent): Promise<void> {
    a.idleSince = this.now;
    if (a.pending !== null) return this.carryOutPlan(a);
    await this.route();
  }

  // ---------------------------------------------------------------- callers

  private customerNumber(id: number): string {
    return `+447${String(700_000_000 + id)}`;
  }

  private pickCaller(): { customerId: number | null; callerE164: string | null; withheld: boolean; canChoose: boolean; holds: string[] } | null {
    const r = this.rng.next();
    for (let attempt = 0; attempt < 20; attempt++) {
      if (r < 0.66) {
        const id = this.rng.int(1, this.config.customers);
        if (this.activeCallers.has(`c${id}`)) continue;
        return { customerId: id, callerE164: this.customerNumber(id), withheld: false, canChoose: false, holds: [`c${id}`] };
      }
      if (r < 0.88) {
        const number = `+4420${String(70_000_000 + this.rng.int(0, 39_999))}`;
        if (this.activeCallers.has(`n${number}`)) continue;
        return { customerId: null, callerE164: number, withheld: false, canChoose: true, holds: [`n${number}`] };
      }
      if (r < 0.985) return { customerId: null, callerE164: null, withheld: true, canChoose: true, holds: [] };
      return { customerId: null, callerE164: null, withheld: false, canChoose: false, holds: [] };
    }
    return null;
  }

  private rateAt(t: number): number {
    return this.config.callsPerHour[new Date(t).getHours()] as number;
  }

  private async arrive(): Promise<void> {
    this.agenda.add(this.now + Math.max(1, this.rng.expMs(HOUR / this.rateAt(this.now))), () => this.arrive());
    const caller = this.pickCaller();
    if (caller === null) return;
    const direct = this.rng.chance(0.08);
    const r = this.rng.next();
    const patience =
      r < 0.06 ? this.rng.pick(BOUNDARY_PATIENCE) : r < 0.2 ? 3_000 + this.rng.expMs(20_000) : 25_000 + this.rng.expMs(120_000);
    const queue = direct ? null : (this.config.queues[this.rng.weighted([30, 40, 20, 10])] as QueueRef);
    const ivr = direct ? 0 : r < 0.06 ? this.rng.int(0, 3_000) : this.rng.chance(0.7) ? this.rng.int(0, 6_000) : 0;
    await this.newContact({ ...caller, direct, queue, patience, ivr, planted: null });
  }

  private async newContact(c: {
    customerId: number | null;
    callerE164: string | null;
    withheld: boolean;
    canChoose: boolean;
    holds: string[];
    direct: boolean;
    queue: QueueRef | null;
    patience: number;
    ivr: number;
    planted: string | null;
  }): Promise<void> {
    const n = ++this.contactSeq;
    const contact: SimContact = {
      key: `k${n}`,
      queueCallId: c.direct ? null : `pbx-${n}`,
      queue: c.queue,
      arrival: this.now,
      start: this.now,
      patienceUntil: this.now + c.patience,
      customerId: c.customerId,
      callerE164: c.callerE164,
      withheld: c.withheld,
      canChooseCustomer: c.canChoose,
      holds: new Set(c.holds),
      tried: new Set(),
      legs: [],
      state: 'ivr',
      answered: false,
      transferred: false,
      planted: c.planted,
    };
    for (const k of contact.holds) this.activeCallers.add(k);
    if (c.direct) {
      // Dialled an agent directly: rings whoever is free now, else voicemail (nothing reaches us).
      const agent = this.pickFree(contact.tried);
      if (agent === null) return this.finish(contact);
      return this.offer(contact, agent, null);
    }
    this.agenda.add(contact.patienceUntil, () => this.giveUp(contact));
    const routable = async () => {
      if (contact.state !== 'ivr') return;
      contact.state = 'queued';
      this.queue.push(contact);
      await this.route();
    };
    if (c.ivr === 0) await routable();
    else this.agenda.add(this.now + c.ivr, routable);
  }

  /** The caller's patience ran out while waiting (not while ringing: the ring decides that itself). */
  private giveUp(c: SimContact): void {
    if (c.state !== 'queued' && c.state !== 'ivr') return;
    const i = this.queue.indexOf(c);
    if (i >= 0) this.queue.splice(i, 1);
    if (c.legs.length === 0) this.stats.abandonedInQueueUnseen += 1;
    else this.stats.waitingForever += 1;
    this.finish(c);
  }

  private async route(): Promise<void> {
    for (let i = 0; i < this.queue.length; ) {
      const c = this.queue[i] as SimContact;
      const agent = c.patienceUntil > this.now ? this.pickFree(c.tried) : null;
      if (agent === null) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      await this.offer(c, agent, null);
    }
  }

  private finish(c: SimContact): void {
    if (c.state === 'done') return;
    c.state = 'done';
    for (const k of c.holds) this.activeCallers.delete(k);
    if (c.legs.length > 0) this.stats.contacts += 1;
    if (!c.answered || c.withheld) return;
    const caller = c.customerId !== null ? `c${c.customerId}` : c.callerE164 !== null ? `n${c.callerE164}` : null;
    if (caller === null) return;
    const end = Math.max(...c.legs.map((l) => l.endedAt ?? this.now));
    const again = (at: number, why: string) => this.agenda.add(at, () => this.callAgain(caller, c.customerId, c.callerE164, why));
    const r = this.rng.next();
    if (r < 0.03) again(c.start + W, 'exactly W later');
    else if (r < 0.04) again(c.start + W + this.rng.int(1, 5_000), 'just over W later');
    else if (r < 0.05) again(c.start + W - this.rng.int(1, 5_000), 'just under W later');
    else if (r < 0.11) again(this.now + this.rng.int(10 * MINUTE, 3 * DAY), 'within W');
    if (c.transferred && this.rng.chance(0.35)) {
      const grace = this.rng.chance(0.5);
      again(end + (grace ? this.rng.int(MINUTE, 14 * MINUTE) : this.rng.int(16 * MINUTE, HOUR)), grace ? 'within the transfer grace' : 'after the transfer grace');
    }
  }

  private async callAgain(caller: string, customerId: number | null, callerE164: string | null, why: string): Promise<void> {
    if (this.activeCallers.has(caller)) {
      this.stats.plantedSkipped += 1;
      return;
    }
    this.stats.planted[why] = (this.stats.planted[why] ?? 0) + 1;
    const queue = this.config.queues[this.rng.weighted([30, 40, 20, 10])] as QueueRef;
    await this.newContact({ customerId, callerE164, withheld: false, canChoose: false, holds: [caller], direct: false, queue, patience: 30 * MINUTE, ivr: 0, planted: why });
  }

  // ---------------------------------------------------------------- legs

  private async offer(c: SimContact, a: Agent, transferFrom: TruthLeg | null): Promise<void> {
    const t = this.now;
    const transfer = transferFrom !== null;
    const queue = transfer ? (this.rng.chance(0.6) && c.queue !== null ? c.queue : (this.rng.pick(this.config.queues) as QueueRef)) : c.queue;
    const direct = c.queueCallId === null;
    const leg = offeredLeg({
      contact: c.key,
      direction: 'inbound',
      agentId: a.id,
      queueId: queue?.id ?? null,
      customerId: c.customerId,
      callerE164: c.withheld ? null : c.callerE164,
      withheld: c.withheld,
      transfer,
      queuedAt: transfer ? null : direct ? t : c.arrival,
      offeredAt: t,
    });
    const event: CallEventReport = {
      type: 'offered',
      direction: 'inbound',
      callerE164: leg.callerE164,
      withheld: c.withheld,
      callerDisplay: null,
      queue: queue?.name ?? null,
      waitedMs: transfer || direct ? null : t - c.arrival,
      queueCallId: transfer ? null : c.queueCallId,
      sipCallId: null,
      customerId: c.customerId,
    };
    a.leg = leg;
    c.tried.add(a.n);
    c.legs.push(leg);
    c.state = 'ringing';
    const { callId, status } = await this.board.report(a.n, `${c.key}-${c.legs.length}`, event, transferFrom?.id);
    this.stats.events += 1;
    leg.id = callId;
    this.legs.push(leg);
    this.stats.legs += 1;
    this.settle(a, status, 'offered');

    // How the ring ends: the agent's answer, decline or ring timeout, unless the caller hangs up first.
    const r = this.rng.next();
    let outcome: 'answered' | 'declined' | 'missed' | 'abandoned';
    let at: number;
    if (transfer) {
      outcome = r < 0.03 ? 'declined' : r < 0.06 ? 'abandoned' : 'answered';
      at = t + (outcome === 'declined' ? this.rng.int(1_500, 4_000) : this.rng.int(2_000, 9_000));
    } else if (r < 0.03) {
      outcome = 'declined';
      at = t + this.rng.int(1_000, 5_000);
    } else if (r < 0.1) {
      outcome = 'missed';
      at = t + RING_TIMEOUT_MS;
    } else {
      outcome = 'answered';
      at = t + Math.min(14_000, 800 + this.rng.expMs(3_500));
      // Some answers land exactly on the service-level threshold, or a millisecond after it.
      const onTheLine = c.start + 20_000 + (r < 0.12 ? 0 : r < 0.13 ? 1 : -1) - t;
      if (r < 0.13 && onTheLine >= 300 && onTheLine <= 14_000) at = t + onTheLine;
    }
    if (!transfer && c.patienceUntil < at) {
      outcome = 'abandoned';
      at = c.patienceUntil;
    }
    this.agenda.add(at, () => this.ringEnds(c, a, leg, outcome, transferFrom));
  }

  private async ringEnds(c: SimContact, a: Agent, leg: TruthLeg, outcome: 'answered' | 'declined' | 'missed' | 'abandoned', transferFrom: TruthLeg | null): Promise<void> {
    const key = `${c.key}-${c.legs.indexOf(leg) + 1}`;
    if (outcome === 'answered') {
      const { status } = await this.board.report(a.n, key, { type: 'answered' });
      this.stats.events += 1;
      leg.answeredAt = this.now;
      a.talking = true;
      a.misses = 0;
      c.state = 'connected';
      if (!c.answered) this.stats.answered += 1;
      c.answered = true;
      this.settle(a, status, 'answered');
      this.script(a, leg, c);
      return;
    }
    const reason = outcome === 'abandoned' ? 'caller-cancelled' : outcome;
    const { status } = await this.board.report(a.n, key, { type: 'ended', reason });
    this.stats.events += 1;
    leg.endedAt = this.now;
    leg.endReason = reason;
    a.leg = null;
    if (outcome === 'abandoned') {
      leg.abandonedAt = this.now;
      this.stats.abandonedRinging += 1;
    } else {
      this.stats[outcome] += 1;
    }
    let imposedBreak = false;
    if (outcome === 'missed') {
      a.misses += 1;
      if (a.misses >= 2) {
        a.resting = { state: 'break', reason: 'Missed calls' };
        imposedBreak = true;
        this.stats.autoBreaks += 1;
      }
    }
    this.settle(a, status, `ended ${reason}`);
    if (imposedBreak) {
      const gen = ++a.generation;
      this.agenda.add(this.now + this.rng.int(30_000, 120_000), () => this.backToWork(a, gen));
    }

    if (outcome === 'abandoned') {
      this.finish(c);
    } else if (transferFrom !== null) {
      // The PBX tries one more colleague; if nobody is free the caller is dropped.
      const next = this.pickFree(c.tried);
      if (next !== null && c.legs.filter((l) => l.transfer).length < 2) await this.offer(c, next, transferFrom);
      else this.finish(c);
    } else if (c.queueCallId === null) {
      this.finish(c); // a direct call goes to voicemail
    } else if (c.patienceUntil <= this.now) {
      this.stats.waitingForever += 1;
      this.finish(c);
    } else {
      c.state = 'queued';
      this.queue.unshift(c);
    }
    if (!imposedBreak) await this.agentDone(a);
    else a.idleSince = this.now;
  }

  /** What happens on an answered leg: holds (some across hour and day boundaries), the customer found, transfer, end. */
  private script(a: Agent, leg: TruthLeg, c: SimContact | null): void {
    const ta = leg.answeredAt as number;
    let end = ta + (this.rng.chance(0.01) ? this.rng.int(10 * MINUTE, 30 * MINUTE) : 6_000 + this.rng.expMs(30_000));
    const holds: { start: number; end: number | null }[] = [];
    if (this.rng.chance(0.18)) {
      let cursor = ta + 2_000;
      for (let k = this.rng.chance(0.3) ? 2 : 1; k > 0; k--) {
        const start = cursor + this.rng.int(1_000, Math.max(1_000, Math.floor((end - cursor) / 2)));
        if (start >= end - 2_000) break;
        const len = this.rng.chance(0.03) ? this.rng.int(3 * MINUTE, 12 * MINUTE) : this.rng.int(5_000, 90_000);
        if (start + len >= end - 1_000 && this.rng.chance(0.3)) {
          holds.push({ start, end: null }); // the caller hangs up on hold
          break;
        }
        if (start + len >= end - 1_000) end = start + len + this.rng.int(2_000, 20_000);
        holds.push({ start, end: start + len });
        cursor = start + len + 1_000;
      }
    }
    // Calls that run across midnight (and half of those across an hour) get a hold that spans it.
    const midnight = this.nextMidnightAfter(ta);
    const hour = this.nextHourAfter(ta);
    const boundary = midnight < end ? midnight : hour < end && this.rng.chance(0.5) ? hour : null;
    if (holds.length === 0 && boundary !== null && boundary - ta > 3_000) {
      const start = Math.max(ta + 1_000, boundary - this.rng.int(1_000, 40_000));
      const stop = boundary + this.rng.int(1_000, 40_000);
      if (stop >= end - 1_000) end = stop + this.rng.int(2_000, 10_000);
      holds.push({ start, end: stop });
    }
    const key = `${leg.contact}-${c === null ? 1 : c.legs.indexOf(leg) + 1}`;
    for (const h of holds) {
      this.stats.holds += 1;
      this.agenda.add(h.start, async () => {
        const { status } = await this.board.report(a.n, key, { type: 'hold-started' });
        this.stats.events += 1;
        leg.holds.push({ start: this.now, end: null });
        this.settle(a, status, 'hold-started');
      });
      if (h.end !== null) {
        this.agenda.add(h.end, async () => {
          const { status } = await this.board.report(a.n, key, { type: 'hold-ended' });
          this.stats.events += 1;
          (leg.holds.at(-1) as { end: number | null }).end = this.now;
          this.settle(a, status, 'hold-ended');
        });
      }
    }
    if (c !== null && !leg.transfer && c.customerId === null && c.canChooseCustomer && this.rng.chance(0.3)) {
      const at = ta + this.rng.int(2_000, 15_000);
      if (at < end - 500) this.agenda.add(at, () => this.chooseCustomer(a, leg, c, key));
    }
    const transfer = c !== null && !leg.transfer && this.rng.chance(0.07);
    this.agenda.add(end, () => this.hangUp(a, leg, c, key, transfer));
  }

  private async chooseCustomer(a: Agent, leg: TruthLeg, c: SimContact, key: string): Promise<void> {
    if (c.customerId !== null) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      const id = this.rng.int(1, this.config.customers);
      if (this.activeCallers.has(`c${id}`)) continue;
      const { status } = await this.board.report(a.n, key, { type: 'customer-chosen', customerId: id });
      this.stats.events += 1;
      this.stats.customerChosen += 1;
      leg.customerId = id;
      c.customerId = id;
      c.holds.add(`c${id}`);
      this.activeCallers.add(`c${id}`);
      this.settle(a, status, 'customer-chosen');
      return;
    }
  }

  private async hangUp(a: Agent, leg: TruthLeg, c: SimContact | null, key: string, transfer: boolean): Promise<void> {
    const onHold = leg.holds.at(-1)?.end === null;
    const target = transfer && c !== null && !onHold ? this.pickFree(new Set([a.n])) : null;
    const reason = target !== null ? 'transferred' : leg.direction === 'outbound' || this.rng.chance(0.4) ? 'local-hangup' : 'remote-hangup';
    const { status } = await this.board.report(a.n, key, { type: 'ended', reason });
    this.stats.events += 1;
    const open = leg.holds.at(-1);
    if (open !== undefined && open.end === null) open.end = this.now;
    leg.endedAt = this.now;
    leg.endReason = reason;
    a.leg = null;
    a.talking = false;
    a.wrapUp = leg;
    this.settle(a, status, `ended ${reason}`);
    if (a.pending?.kind === 'break' && this.rng.chance(0.5)) {
      const plan = a.pending;
      a.pending = null;
      const s = await this.board.setNextState(a.n, 'break', plan.reason);
      this.stats.events += 1;
      this.stats.nextStateBreaks += 1;
      a.next = { reason: plan.reason, ms: plan.ms };
      this.settle(a, s, 'setNextState');
    }
    // After-call work; a few calls near the end of the month are still being wrapped up when it stops.
    const forever = this.now > this.config.end - 45 * MINUTE && this.stillWrappingUp < 3 && this.rng.chance(0.1);
    if (forever) this.stillWrappingUp += 1;
    if (!forever) this.agenda.add(this.now + 2_000 + Math.min(120_000, this.rng.expMs(8_000)), () => this.submit(a, leg));
    if (c === null) return;
    if (target !== null) {
      c.transferred = true;
      this.stats.transfers += 1;
      await this.offer(c, target, leg);
      return;
    }
    this.finish(c);
  }

  private async submit(a: Agent, leg: TruthLeg): Promise<void> {
    const resolved = this.rng.chance(0.8);
    const fields: WrapUpFields = {
      dispositionCode: resolved ? 'resolved' : this.rng.pick(NOT_RESOLVED),
      resolved,
      notes: '',
      offerCode: null,
      offerOutcome: null,
      callbackAt: null,
      tags: [],
    };
    const status = await this.board.submitWrapUp(a.n, leg.id, fields);
    this.stats.events += 1;
    leg.wrapUpEndedAt = this.now;
    leg.resolved = resolved;
    a.wrapUp = null;
    let gen = 0;
    if (a.next !== null) {
      a.resting = { state: 'break', reason: a.next.reason };
      gen = ++a.generation;
      this.agenda.add(this.now + a.next.ms, () => this.backToWork(a, gen));
      a.next = null;
    }
    this.settle(a, status, 'wrap-up submitted');
    if (gen === 0) await this.agentDone(a);
    else a.idleSince = this.now;
  }

  private async placeOutbound(a: Agent, tries = 3): Promise<void> {
    if (!this.free(a) || this.queue.some((c) => c.patienceUntil > this.now)) {
      if (a.signedIn && tries > 1) this.agenda.add(this.now + this.rng.int(2 * MINUTE, 10 * MINUTE), () => this.placeOutbound(a, tries - 1));
      return;
    }
    const customerId = this.rng.int(1, this.config.customers);
    const n = ++this.outboundSeq;
    const leg = offeredLeg({
      contact: `o${n}`,
      direction: 'outbound',
      agentId: a.id,
      queueId: null,
      customerId,
      callerE164: this.customerNumber(customerId),
      withheld: false,
      transfer: false,
      queuedAt: null,
      offeredAt: this.now,
    });
    a.leg = leg;
    a.talking = true;
    const event: CallEventReport = {
      type: 'offered',
      direction: 'outbound',
      callerE164: leg.callerE164,
      withheld: false,
      callerDisplay: null,
      queue: null,
      waitedMs: null,
      queueCallId: null,
      sipCallId: null,
      customerId,
    };
    const { callId, status } = await this.board.report(a.n, `o${n}-1`, event);
    this.stats.events += 1;
    this.stats.outbound += 1;
    leg.id = callId;
    this.legs.push(leg);
    this.stats.legs += 1;
    this.settle(a, status, 'outbound offered');
    if (this.rng.chance(0.7)) {
      this.agenda.add(this.now + this.rng.int(5_000, 20_000), async () => {
        const r = await this.board.report(a.n, `o${n}-1`, { type: 'answered' });
        this.stats.events += 1;
        leg.answeredAt = this.now;
        a.misses = 0;
        this.settle(a, r.status, 'outbound answered');
        this.script(a, leg, null);
      });
    } else {
      this.agenda.add(this.now + this.rng.int(20_000, 30_000), async () => {
        const r = await this.board.report(a.n, `o${n}-1`, { type: 'ended', reason: 'local-hangup' });
        this.stats.events += 1;
        leg.endedAt = this.now;
        leg.endReason = 'local-hangup';
        a.leg = null;
        a.talking = false;
        this.settle(a, r.status, 'outbound not answered');
        await this.agentDone(a);
      });
    }
  }
}
