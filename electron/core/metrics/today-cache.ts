import type { AgentStateChange, CallLeg, MetricInput, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';

function add<K>(index: Map<K, Set<number>>, key: K, id: number): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([id]));
  else set.add(id);
}

function callerKeys(leg: CallLeg): string[] {
  if (leg.withheld) return [];
  const keys: string[] = [];
  if (leg.customerId !== null) keys.push(`c${leg.customerId}`);
  if (leg.callerE164 !== null) keys.push(`n${leg.callerE164}`);
  return keys;
}

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

  constructor(
    readonly range: TimeRange,
    legs: readonly CallLeg[],
    states: readonly AgentStateChange[],
  ) {
    for (const leg of legs) this.upsert(leg);
    for (const change of states) this.addState(change);
  }

  /** Whether this caller's contacts are already here (else their FCR history must be loaded first). */
  knowsCallerOf(leg: CallLeg): boolean {
    const keys = callerKeys(leg);
    return keys.length === 0 || keys.some((key) => [...(this.byCaller.get(key) ?? [])].some((id) => id !== leg.id));
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

  addState(change: AgentStateChange): void {
    this.states.push(change);
    const list = this.statesByAgent.get(change.agentId);
    if (list === undefined) this.statesByAgent.set(change.agentId, [change]);
    else list.push(change);
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

  /** These legs, the rest of their contacts, and their callers' other contacts (FCR). */
  private inputAround(seedIds: readonly number[], states: readonly AgentStateChange[], now: number, settings: MetricSettings): MetricInput {
    const ids = new Set<number>();
    const contacts = new Set<string>();
    for (const id of seedIds) {
      const leg = this.legs.get(id);
      if (leg === undefined) continue;
      contacts.add(leg.contactKey);
      for (const key of callerKeys(leg)) for (const other of this.byCaller.get(key) ?? []) ids.add(other);
    }
    for (const id of ids) {
      const leg = this.legs.get(id);
      if (leg !== undefined) contacts.add(leg.contactKey);
    }
    for (const key of contacts) for (const id of this.byContact.get(key) ?? []) ids.add(id);
    const legs = [...ids].sort((a, b) => a - b).map((id) => this.legs.get(id) as CallLeg);
    return { legs, states, range: { from: this.range.from, to: now + 1 }, now, settings };
  }

  private unindex(leg: CallLeg): void {
    if (leg.agentId !== null) this.byAgent.get(leg.agentId)?.delete(leg.id);
    this.byContact.get(leg.contactKey)?.delete(leg.id);
    for (const key of callerKeys(leg)) this.byCaller.get(key)?.delete(leg.id);
  }
}
