import { callerIndexKeys, callerKey, callerOf } from '../../../shared/domain/metrics/caller';
import type { AgentStateChange, CallLeg, MetricInput, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';

function add<K>(index: Map<K, Set<number>>, key: K, id: number): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([id]));
  else set.add(id);
}

/** The key a leg's caller history is loaded by (the repository's rule too). */
function historyKey(leg: CallLeg): string | null {
  const caller = callerOf(leg);
  return caller === null ? null : callerKey(caller);
}

const callerKeys = callerIndexKeys;

/**
 * Today's legs and presence in memory, indexed by agent, contact and caller, so one call event
 * updates one leg and one agent's numbers are recomputed from just the legs that can affect them:
 * their own, the rest of those contacts, and the same callers' other contacts (FCR).
 */
export class TodayCache {
  private readonly legs = new Map<number, CallLeg>();
  private readonly byAgent = new Map<number, Set<number>>();
  private readonly byContact = new Map<string, Set<number>>();
  private readonly byCaller = new Map<string, Set<number>>();
  private readonly states: AgentStateChange[] = [];
  private readonly statesByAgent = new Map<number, AgentStateChange[]>();
  /** Callers whose contacts in the FCR window around today are loaded. */
  private readonly callersWithHistory = new Set<string>();

  constructor(
    readonly range: TimeRange,
    legs: readonly CallLeg[],
    states: readonly AgentStateChange[],
  ) {
    for (const leg of legs) this.upsert(leg);
    // The load brought in the history of every caller of today (and of some from before midnight).
    for (const leg of legs) if ((leg.offeredAt ?? 0) >= range.from) this.historyLoaded(leg);
    for (const change of states) this.addState(change);
  }

  /** Whether this leg's caller has no FCR history here yet (load it, then call historyLoaded). */
  needsHistory(leg: CallLeg): boolean {
    const key = historyKey(leg);
    return key !== null && !this.callersWithHistory.has(key);
  }

  historyLoaded(leg: CallLeg): void {
    const key = historyKey(leg);
    if (key !== null) this.callersWithHistory.add(key);
  }

  has(legId: number): boolean {
    return this.legs.has(legId);
  }

  get size(): number {
    return this.legs.size;
  }

  upsert(leg: CallLeg): void {
    const old = this.legs.get(leg.id);
    if (old !== undefined) this.unindex(old);
    this.legs.set(leg.id, leg);
    if (leg.agentId !== null) add(this.byAgent, leg.agentId, leg.id);
    add(this.byContact, leg.contactKey, leg.id);
    for (const key of callerKeys(leg)) add(this.byCaller, key, leg.id);
  }

  /**
   * Calls changed: refresh their legs and say which agents' numbers that touches (those around each
   * leg before and after: a leg whose caller changed leaves one caller's contacts and joins
   * another's) and which of the legs' callers have no FCR history here yet (load it: `addHistory`).
   */
  changeLegs(legs: readonly CallLeg[]): { touched: number[]; needHistory: number[] } {
    const touched = new Set<number>();
    for (const leg of legs) for (const id of this.agentsAround(leg.id)) touched.add(id);
    for (const leg of legs) this.upsert(leg);
    for (const leg of legs) for (const id of this.agentsAround(leg.id)) touched.add(id);
    return { touched: [...touched], needHistory: legs.filter((leg) => this.needsHistory(leg)).map((leg) => leg.id) };
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
    this.states.push(change);
    const list = this.statesByAgent.get(change.agentId);
    if (list === undefined) this.statesByAgent.set(change.agentId, [change]);
    else list.push(change);
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
    return [...this.states];
  }

  /** Everything, for the centre-wide, queue and team views. */
  input(now: number, settings: MetricSettings): MetricInput {
    return { legs: [...this.legs.values()], states: this.states, range: { from: this.range.from, to: now + 1 }, now, settings };
  }

  /** Just what one agent's numbers depend on. */
  inputForAgent(agentId: number, now: number, settings: MetricSettings): MetricInput {
    return this.inputForAgents([agentId], now, settings);
  }

  /** Just what some agents' numbers depend on. */
  inputForAgents(agentIds: readonly number[], now: number, settings: MetricSettings): MetricInput {
    const seeds = agentIds.flatMap((id) => [...(this.byAgent.get(id) ?? [])]);
    const states = agentIds.flatMap((id) => this.statesByAgent.get(id) ?? []);
    return this.inputAround(seeds, states, now, settings);
  }

  private inputAround(seedIds: readonly number[], states: readonly AgentStateChange[], now: number, settings: MetricSettings): MetricInput {
    const legs = [...this.legsAround(seedIds)].sort((a, b) => a - b).map((id) => this.legs.get(id) as CallLeg);
    return { legs, states, range: { from: this.range.from, to: now + 1 }, now, settings };
  }

  /**
   * These legs, the rest of their contacts, every contact of the callers on any of those legs (FCR's
   * earlier and repeat contacts: a contact's customer can come from a colleague's leg), and the rest
   * of those contacts.
   */
  private legsAround(seedIds: Iterable<number>): Set<number> {
    const own = this.wholeContacts(seedIds);
    const callers = new Set<number>(own);
    for (const id of own) for (const key of callerKeys(this.legs.get(id) as CallLeg)) for (const other of this.byCaller.get(key) ?? []) callers.add(other);
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
    for (const key of contacts) for (const id of this.byContact.get(key) ?? []) ids.add(id);
    return ids;
  }

  private unindex(leg: CallLeg): void {
    if (leg.agentId !== null) this.byAgent.get(leg.agentId)?.delete(leg.id);
    this.byContact.get(leg.contactKey)?.delete(leg.id);
    for (const key of callerKeys(leg)) this.byCaller.get(key)?.delete(leg.id);
  }
}
