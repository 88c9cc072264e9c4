import { callerOf } from '../../../shared/domain/metrics/caller';
import type { AgentStateChange, CallLeg, HoldSegment, MetricInput, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';
import { IntList } from './int-list';
import { PresenceLog } from './presence-log';

/** A leg id, or several: most keys (a contact, a caller) have one leg, and a number costs nothing beside the key. */
type LegIds = number | number[];

function addId<K>(index: Map<K, LegIds>, key: K, id: number): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, id);
  else if (typeof ids === 'number') {
    if (ids !== id) index.set(key, [ids, id]);
  } else if (!ids.includes(id)) ids.push(id);
}

function removeId<K>(index: Map<K, LegIds>, key: K, id: number): void {
  const ids = index.get(key);
  if (ids === id) index.delete(key);
  else if (Array.isArray(ids)) {
    const rest = ids.filter((other) => other !== id);
    if (rest.length === 0) index.delete(key);
    else index.set(key, rest.length === 1 ? (rest[0] as number) : rest);
  }
}

function eachId(ids: LegIds | undefined, visit: (id: number) => void): void {
  if (typeof ids === 'number') visit(ids);
  else if (ids !== undefined) for (const id of ids) visit(id);
}

const NO_HOLDS: readonly HoldSegment[] = Object.freeze([]);

/**
 * A leg as the engine reads it, in as few bytes as an object takes: one field order (one hidden
 * class), the engine's enum strings shared rather than a copy per leg as the worker receives them,
 * no holds array when there are none, and the caller's number and contact key of the leg it
 * replaces when they did not change (the indexes hold those strings as keys).
 */
function compact(leg: CallLeg, old: CallLeg | undefined): CallLeg {
  return {
    id: leg.id,
    contactKey: old !== undefined && old.contactKey === leg.contactKey ? old.contactKey : leg.contactKey,
    direction: leg.direction === 'outbound' ? 'outbound' : 'inbound',
    agentId: leg.agentId,
    queueId: leg.queueId,
    customerId: leg.customerId,
    callerE164: old !== undefined && old.callerE164 === leg.callerE164 ? old.callerE164 : leg.callerE164,
    withheld: leg.withheld,
    transferredFromLegId: leg.transferredFromLegId,
    queuedAt: leg.queuedAt,
    offeredAt: leg.offeredAt,
    answeredAt: leg.answeredAt,
    holds: leg.holds.length === 0 ? NO_HOLDS : leg.holds.map((h) => ({ start: h.start, end: h.end })),
    endedAt: leg.endedAt,
    wrapUpEndedAt: leg.wrapUpEndedAt,
    abandonedAt: leg.abandonedAt,
    unanswered: leg.unanswered === 'declined' ? 'declined' : leg.unanswered === 'missed' ? 'missed' : null,
    resolved: leg.resolved,
  };
}

/** Whether the index keys of a leg (agent, contact, callers) are the same in both. */
function sameKeys(a: CallLeg, b: CallLeg): boolean {
  return a.agentId === b.agentId && a.contactKey === b.contactKey && a.customerId === b.customerId && a.callerE164 === b.callerE164 && a.withheld === b.withheld;
}

/**
 * Today's legs and presence in memory, indexed by agent, contact and caller, so one call event
 * updates one leg and one agent's numbers are recomputed from just the legs that can affect them:
 * their own, the rest of those contacts, and the same callers' other contacts (FCR).
 *
 * It holds the whole day (ADR 0058: in the board's worker), so it is kept compact (ADR 0064): a leg
 * is one flat object, the indexes hold ids (a number where a key has one leg), callers are keyed by
 * the customer id or by the leg's own number string (no "customer:…"/"number:…" string per leg),
 * a leg keyed by its own id (`String(id)`, most legs) is not in the contact index at all, and
 * presence is kept in columns. Every index entry goes when its last leg leaves it.
 */
export class TodayCache {
  private readonly legs = new Map<number, CallLeg>();
  private readonly byAgent = new Map<number, IntList>();
  /** Contacts by key, for legs whose key is not their own id (`ownContactKey`): those are found by id. */
  private readonly byContact = new Map<string, LegIds>();
  private readonly byCustomer = new Map<number, LegIds>();
  private readonly byNumber = new Map<string, LegIds>();
  private readonly presence = new PresenceLog();
  /** Callers whose contacts in the FCR window around today are loaded (callerOf: the customer, else the number). */
  private readonly customersWithHistory = new Set<number>();
  private readonly numbersWithHistory = new Set<string>();

  constructor(
    readonly range: TimeRange,
    legs: readonly CallLeg[],
    states: readonly AgentStateChange[],
  ) {
    for (const leg of legs) this.upsert(leg);
    // The load brought in the history of every caller of today (and of some from before midnight).
    for (const leg of legs) if ((leg.offeredAt ?? 0) >= range.from) this.historyLoaded(this.legs.get(leg.id) as CallLeg);
    for (const change of states) this.addState(change);
  }

  /** Whether this leg's caller has no FCR history here yet (load it, then call historyLoaded). */
  needsHistory(leg: CallLeg): boolean {
    const caller = callerOf(leg);
    if (caller === null) return false;
    return caller.kind === 'customer' ? !this.customersWithHistory.has(caller.customerId) : !this.numbersWithHistory.has(caller.e164);
  }

  historyLoaded(leg: CallLeg): void {
    const caller = callerOf(leg);
    if (caller?.kind === 'customer') this.customersWithHistory.add(caller.customerId);
    else if (caller?.kind === 'number') this.numbersWithHistory.add(caller.e164);
  }

  has(legId: number): boolean {
    return this.legs.has(legId);
  }

  /** One leg as held here (undefined: not here). */
  leg(legId: number): CallLeg | undefined {
    return this.legs.get(legId);
  }

  /** Every leg of this contact, any direction (the engine keeps the inbound ones). */
  contactLegs(key: string): CallLeg[] {
    const out: CallLeg[] = [];
    // The leg whose own id is the key is found by id (it is not in the contact index), the others by the index.
    const owner = this.legs.get(Number(key));
    if (owner !== undefined && owner.contactKey === key && key === String(owner.id)) out.push(owner);
    eachId(this.byContact.get(key), (id) => out.push(this.legs.get(id) as CallLeg));
    return out;
  }

  /**
   * The contacts of the legs kept under this caller (`callerKey`: "customer:<id>" or "number:<E.164>"):
   * every contact whose caller it can be (a contact's caller is one of its legs' customer or number).
   */
  callerContactKeys(callerKey: string): Set<string> {
    const keys = new Set<string>();
    const add = (id: number) => {
      const leg = this.legs.get(id);
      if (leg !== undefined) keys.add(leg.contactKey);
    };
    if (callerKey.startsWith('customer:')) eachId(this.byCustomer.get(Number(callerKey.slice('customer:'.length))), add);
    else if (callerKey.startsWith('number:')) eachId(this.byNumber.get(callerKey.slice('number:'.length)), add);
    return keys;
  }

  get size(): number {
    return this.legs.size;
  }

  /** How many entries each index holds (tests: nothing is kept for keys no leg has any more). */
  entries(): { legs: number; agents: number; contacts: number; customers: number; numbers: number; callersWithHistory: number; states: number } {
    return {
      legs: this.legs.size,
      agents: this.byAgent.size,
      contacts: this.byContact.size,
      customers: this.byCustomer.size,
      numbers: this.byNumber.size,
      callersWithHistory: this.customersWithHistory.size + this.numbersWithHistory.size,
      states: this.presence.size,
    };
  }

  upsert(incoming: CallLeg): void {
    const old = this.legs.get(incoming.id);
    const leg = compact(incoming, old);
    this.legs.set(leg.id, leg);
    if (old !== undefined && sameKeys(old, leg)) return;
    if (old !== undefined) this.unindex(old);
    if (leg.agentId !== null) {
      let list = this.byAgent.get(leg.agentId);
      if (list === undefined) this.byAgent.set(leg.agentId, (list = new IntList(true)));
      list.push(leg.id);
    }
    if (leg.contactKey !== String(leg.id)) addId(this.byContact, leg.contactKey, leg.id);
    if (!leg.withheld && leg.customerId !== null) addId(this.byCustomer, leg.customerId, leg.id);
    if (!leg.withheld && leg.callerE164 !== null) addId(this.byNumber, leg.callerE164, leg.id);
  }

  /**
   * Calls changed: refresh their legs and say which agents' numbers that touches (those around each
   * leg before and after: a leg whose caller changed leaves one caller's contacts and joins
   * another's) and which legs need their surroundings read (`addHistory`): callers with no FCR
   * history here yet, and contacts that began before the day and may be partial here.
   */
  changeLegs(legs: readonly CallLeg[]): { touched: number[]; needHistory: number[] } {
    const touched = new Set<number>();
    const partial = new Set(legs.filter((leg) => this.mayJoinPartialContact(leg)).map((leg) => leg.id));
    for (const leg of legs) for (const id of this.agentsAround(leg.id)) touched.add(id);
    for (const leg of legs) this.upsert(leg);
    for (const leg of legs) for (const id of this.agentsAround(leg.id)) touched.add(id);
    const needHistory = legs.filter((leg) => partial.has(leg.id) || this.needsHistory(leg)).map((leg) => leg.id);
    return { touched: [...touched], needHistory };
  }

  /**
   * A leg new here whose contact began before the day: its contact's earlier legs may have ended
   * before midnight, before the day was loaded, so neither the load nor the log brought them (a
   * fresh read would: whole contacts). Its surroundings are read like a new caller's history.
   */
  private mayJoinPartialContact(leg: CallLeg): boolean {
    const began = leg.queuedAt ?? leg.offeredAt;
    return !this.legs.has(leg.id) && began !== null && began < this.range.from;
  }

  /**
   * The FCR history of the callers of these legs (`loadedFor`, from `changeLegs`): the contacts not
   * here yet join today's, and the agents around the changed legs (`around`) are touched again.
   */
  addHistory(others: readonly CallLeg[], loadedFor: readonly number[], around: readonly number[]): number[] {
    for (const other of others) if (!this.legs.has(other.id)) this.upsert(other);
    for (const id of loadedFor) {
      const leg = this.legs.get(id);
      if (leg !== undefined) this.historyLoaded(leg);
    }
    const touched = new Set<number>();
    for (const id of around) for (const agentId of this.agentsAround(id)) touched.add(agentId);
    return [...touched];
  }

  addState(change: AgentStateChange): void {
    this.presence.add(change);
  }

  /** The agents whose numbers this leg takes part in: its contact's and its callers' other contacts' agents. */
  agentsAround(legId: number): Set<number> {
    const out = new Set<number>();
    for (const id of this.legsAround([legId])) {
      const agentId = this.legs.get(id)?.agentId;
      if (agentId != null) out.add(agentId);
    }
    return out;
  }

  allLegs(): CallLeg[] {
    return [...this.legs.values()];
  }

  allStates(): AgentStateChange[] {
    return this.presence.all();
  }

  /** Everything, for the centre-wide, queue and team views. */
  input(now: number, settings: MetricSettings): MetricInput {
    return { legs: [...this.legs.values()], states: this.presence.all(), range: { from: this.range.from, to: now + 1 }, now, settings };
  }

  /** Just what one agent's numbers depend on. */
  inputForAgent(agentId: number, now: number, settings: MetricSettings): MetricInput {
    return this.inputForAgents([agentId], now, settings);
  }

  /** Just what some agents' numbers depend on. */
  inputForAgents(agentIds: readonly number[], now: number, settings: MetricSettings): MetricInput {
    const seeds: number[] = [];
    for (const id of agentIds) this.byAgent.get(id)?.forEach((legId) => seeds.push(legId));
    const legs = [...this.legsAround(seeds)].sort((a, b) => a - b).map((id) => this.legs.get(id) as CallLeg);
    return { legs, states: this.presence.of(agentIds), range: { from: this.range.from, to: now + 1 }, now, settings };
  }

  /**
   * These legs, the rest of their contacts, every contact of the callers on any of those legs (FCR's
   * earlier and repeat contacts: a contact's customer can come from a colleague's leg), and the rest
   * of those contacts.
   */
  private legsAround(seedIds: Iterable<number>): Set<number> {
    const own = this.wholeContacts(seedIds);
    const callers = new Set<number>(own);
    for (const id of own) {
      const leg = this.legs.get(id) as CallLeg;
      if (leg.withheld) continue;
      const add = (other: number) => callers.add(other);
      if (leg.customerId !== null) eachId(this.byCustomer.get(leg.customerId), add);
      if (leg.callerE164 !== null) eachId(this.byNumber.get(leg.callerE164), add);
    }
    return this.wholeContacts(callers);
  }

  /** The ids of every leg of the contacts these legs belong to. */
  private wholeContacts(legIds: Iterable<number>): Set<number> {
    const contacts = new Set<string>();
    for (const id of legIds) {
      const leg = this.legs.get(id);
      if (leg !== undefined) contacts.add(leg.contactKey);
    }
    const ids = new Set<number>();
    for (const key of contacts) {
      // The leg whose own id is the key (a contact's first leg, whose transfers borrow its key), then the others.
      const owner = this.legs.get(Number(key));
      if (owner !== undefined && owner.contactKey === key) ids.add(owner.id);
      eachId(this.byContact.get(key), (id) => ids.add(id));
    }
    return ids;
  }

  private unindex(leg: CallLeg): void {
    if (leg.agentId !== null) {
      const list = this.byAgent.get(leg.agentId);
      list?.remove(leg.id);
      if (list?.size === 0) this.byAgent.delete(leg.agentId);
    }
    if (leg.contactKey !== String(leg.id)) removeId(this.byContact, leg.contactKey, leg.id);
    if (!leg.withheld && leg.customerId !== null) removeId(this.byCustomer, leg.customerId, leg.id);
    if (!leg.withheld && leg.callerE164 !== null) removeId(this.byNumber, leg.callerE164, leg.id);
  }
}
