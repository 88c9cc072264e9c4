/**
 * An independent recomputation of every metric, written from the definitions alone
 * (shared/METRICS.md and docs/adr/0011-metric-definitions.md), over the simulator's own
 * record of what it sent. It shares nothing with the engine but the type names: contacts
 * are grouped by the simulator's own contact ids, not by the keys the server derives.
 * Deliberately plain: filter, group, loop.
 */
import type { MetricName, MetricSettings, TimeRange } from '../../shared/domain/metrics/types';

export interface TruthHold {
  start: number;
  end: number | null;
}

/** One leg as the server stores it (the simulator sets the server clock to every event's time). */
export interface TruthLeg {
  /** The server's call id. */
  id: number;
  /** The simulator's id for the contact this leg belongs to (every outbound leg has its own). */
  contact: string;
  direction: 'inbound' | 'outbound';
  /** Null for a queue-only leg: a routed caller who left before any desk rang (ADR 0027). */
  agentId: number | null;
  queueId: number | null;
  customerId: number | null;
  callerE164: string | null;
  withheld: boolean;
  /** Created by a transfer: not an original leg of its contact. */
  transfer: boolean;
  queuedAt: number | null;
  /** Null for a queue-only leg (never offered). */
  offeredAt: number | null;
  answeredAt: number | null;
  holds: TruthHold[];
  endedAt: number | null;
  endReason: string | null;
  wrapUpEndedAt: number | null;
  abandonedAt: number | null;
  /** From the submitted wrap-up; null while none was submitted. */
  resolved: boolean | null;
}

/** A stretch in which an agent was in a presence state other than offline and break. */
export interface StaffedSpell {
  from: number;
  to: number | null;
}

export interface Truth {
  legs: readonly TruthLeg[];
  /** Every agent the server knows (supervisor included), with their staffed spells. */
  staffed: ReadonlyMap<number, readonly StaffedSpell[]>;
}

export type TruthScope = { kind: 'all' } | { kind: 'agents'; agentIds: ReadonlySet<number> } | { kind: 'queue'; queueId: number };

export interface Expected {
  metric: MetricName;
  value: number | null;
  numerator: number;
  denominator: number;
  callIds: number[];
  provisional?: boolean;
  pending?: number;
}

const seconds = (num: number, den: number): number | null => (den === 0 ? null : num / den / 1000);
const percent = (num: number, den: number): number | null => (den === 0 ? null : (num * 100) / den);
const within = (t: number | null, r: TimeRange): t is number => t !== null && t >= r.from && t < r.to;
const sortedIds = (legs: Iterable<TruthLeg>): number[] => [...new Set([...legs].map((l) => l.id))].sort((a, b) => a - b);

/** Hold of one leg: segments clipped to [answered, ended], an open one running to the end. */
export function holdMs(leg: TruthLeg, ended: number): number {
  const answered = leg.answeredAt as number;
  let total = 0;
  for (const h of leg.holds) {
    const start = Math.max(h.start, answered);
    const end = Math.min(h.end ?? ended, ended);
    if (end > start) total += end - start;
  }
  return total;
}

/** A contact: the inbound legs the simulator sent for one caller's call, original and transferred. */
export interface Contact {
  id: string;
  legs: TruthLeg[];
  /** min(queued ?? offered) over the original legs. */
  start: number;
  /** min answered over the original legs. */
  answeredAt: number | null;
  /** The latest abandon over the original legs, when none was answered. */
  abandonedAt: number | null;
  /** The earliest original leg's queue. */
  queueId: number | null;
  /** Agent of the original leg answered first. */
  firstAnswerAgent: number | null;
  /** The last-answered leg of all: FCR credits its agent and reads its resolved flag. */
  credited: TruthLeg | null;
  /** FCR identity: customer id when any leg is matched, else the number; null for withheld or unkeyed. */
  caller: string | null;
  transferred: boolean;
  /** Latest end of its legs; null while one is still going. */
  end: number | null;
  first: boolean;
  /** Resolved, and no repeat within W (bar the grace after a transfer). */
  success: boolean;
}

/** Group inbound legs into contacts and decide FCR's first contacts and repeats (independent of range and scope). */
export function contactsOf(legs: readonly TruthLeg[], settings: MetricSettings): Contact[] {
  const byContact = new Map<string, TruthLeg[]>();
  for (const leg of legs) {
    if (leg.direction !== 'inbound') continue;
    const list = byContact.get(leg.contact) ?? [];
    list.push(leg);
    byContact.set(leg.contact, list);
  }
  const contacts: Contact[] = [];
  for (const [id, contactLegs] of byContact) {
    const originals = contactLegs.filter((l) => !l.transfer);
    if (originals.length === 0) throw new Error(`contact ${id} has no original leg`);
    // Every leg was queued or offered (a queue-only leg was queued and never offered).
    const queuedOf = (l: TruthLeg) => (l.queuedAt ?? l.offeredAt) as number;
    const offeredOf = (l: TruthLeg) => l.offeredAt ?? queuedOf(l);
    const earliest = [...originals].sort((a, b) => queuedOf(a) - queuedOf(b) || offeredOf(a) - offeredOf(b) || a.id - b.id)[0] as TruthLeg;
    let firstAnswer: TruthLeg | null = null;
    for (const l of originals) if (l.answeredAt !== null && (firstAnswer === null || l.answeredAt < (firstAnswer.answeredAt as number))) firstAnswer = l;
    let credited: TruthLeg | null = null;
    for (const l of contactLegs) if (l.answeredAt !== null && (credited === null || l.answeredAt >= (credited.answeredAt as number))) credited = l;
    let abandonedAt: number | null = null;
    if (firstAnswer === null) for (const l of originals) if (l.abandonedAt !== null && (abandonedAt === null || l.abandonedAt > abandonedAt)) abandonedAt = l.abandonedAt;
    const customers = new Set(contactLegs.filter((l) => l.customerId !== null).map((l) => l.customerId));
    if (customers.size > 1) throw new Error(`contact ${id} was matched to two customers`);
    const withheld = contactLegs.some((l) => l.withheld);
    const number = contactLegs.find((l) => l.callerE164 !== null)?.callerE164 ?? null;
    const caller = withheld ? null : customers.size === 1 ? `c${[...customers][0]}` : number !== null ? `n${number}` : null;
    contacts.push({
      id,
      legs: contactLegs,
      start: queuedOf(earliest),
      answeredAt: firstAnswer?.answeredAt ?? null,
      abandonedAt,
      queueId: earliest.queueId,
      firstAnswerAgent: firstAnswer?.agentId ?? null,
      credited,
      caller,
      transferred: contactLegs.some((l) => l.transfer),
      end: contactLegs.every((l) => l.endedAt !== null) ? Math.max(...contactLegs.map((l) => l.endedAt as number)) : null,
      first: false,
      success: false,
    });
  }

  // FCR, per caller: simple loops over each caller's own contacts.
  const byCaller = new Map<string, Contact[]>();
  for (const c of contacts) {
    if (c.caller === null) continue;
    const list = byCaller.get(c.caller) ?? [];
    list.push(c);
    byCaller.set(c.caller, list);
  }
  const W = settings.fcrWindowMs;
  for (const own of byCaller.values()) {
    for (const c of own) {
      if (c.answeredAt === null) continue;
      // First: no answered contact from this caller started in the W before it (0 < gap ≤ W).
      c.first = !own.some((d) => d !== c && d.answeredAt !== null && c.start - d.start > 0 && c.start - d.start <= W);
      // Repeat: any contact from this caller started within W after it (exactly W included), except
      // within the grace after the end of a transferred contact.
      const repeated = own.some(
        (r) =>
          r !== c &&
          r.start - c.start > 0 &&
          r.start - c.start <= W &&
          !(c.transferred && c.end !== null && r.start - c.end <= settings.transferGraceMs),
      );
      c.success = c.credited?.resolved === true && !repeated;
    }
  }
  return contacts;
}

function legInScope(leg: TruthLeg, scope: TruthScope): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'queue') return leg.queueId === scope.queueId;
  return leg.agentId !== null && scope.agentIds.has(leg.agentId);
}

/** Contact metrics: a queue's contacts by the contact's queue; a set of agents' by the agent given. */
function contactInScope(c: Contact, scope: TruthScope, agentId: number | null): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'queue') return c.queueId === scope.queueId;
  return agentId !== null && scope.agentIds.has(agentId);
}

/** Every metric for one scope and range, as the definitions say. */
export function bruteForce(
  truth: Truth,
  contacts: readonly Contact[],
  range: TimeRange,
  now: number,
  settings: MetricSettings,
  scope: TruthScope,
): Record<MetricName, Expected> {
  const out = {} as Record<MetricName, Expected>;
  const put = (e: Expected) => {
    out[e.metric] = e;
  };
  const legs = truth.legs.filter((l) => l.direction === 'inbound' && legInScope(l, scope));

  // Handled, talk, hold, ACW, AHT: answered legs whose wrap-up ended in the range.
  const handled = legs.filter((l) => l.answeredAt !== null && within(l.wrapUpEndedAt, range));
  let talk = 0;
  let hold = 0;
  let acw = 0;
  for (const l of handled) {
    const ended = l.endedAt ?? (l.wrapUpEndedAt as number);
    const h = holdMs(l, ended);
    hold += h;
    talk += ended - (l.answeredAt as number) - h;
    acw += (l.wrapUpEndedAt as number) - ended;
  }
  const handledIds = sortedIds(handled);
  const n = handled.length;
  put({ metric: 'talk_s', value: seconds(talk, n), numerator: talk, denominator: n, callIds: handledIds });
  put({ metric: 'hold_s', value: seconds(hold, n), numerator: hold, denominator: n, callIds: handledIds });
  put({ metric: 'acw_s', value: seconds(acw, n), numerator: acw, denominator: n, callIds: handledIds });
  put({ metric: 'aht_s', value: seconds(talk + hold + acw, n), numerator: talk + hold + acw, denominator: n, callIds: handledIds });
  put({ metric: 'handled', value: n, numerator: n, denominator: 1, callIds: handledIds });

  // Agent FRT: answered − offered over legs answered in the range; mean and median.
  const answered = legs.filter((l) => within(l.answeredAt, range));
  const waits = answered.map((l) => (l.answeredAt as number) - (l.offeredAt as number)).sort((a, b) => a - b);
  const frtSum = waits.reduce((a, b) => a + b, 0);
  const mid = waits.length >> 1;
  const median = waits.length === 0 ? 0 : waits.length % 2 === 1 ? (waits[mid] as number) : ((waits[mid - 1] as number) + (waits[mid] as number)) / 2;
  const answeredIds = sortedIds(answered);
  put({ metric: 'agent_frt_s', value: seconds(frtSum, waits.length), numerator: frtSum, denominator: waits.length, callIds: answeredIds });
  put({
    metric: 'agent_frt_median_s',
    value: waits.length === 0 ? null : median / 1000,
    numerator: median,
    denominator: waits.length,
    callIds: answeredIds,
  });

  // Missed and declined: legs offered in the range that this agent did not answer.
  for (const reason of ['missed', 'declined'] as const) {
    const list = legs.filter((l) => within(l.offeredAt, range) && l.answeredAt === null && l.abandonedAt === null && l.endReason === reason);
    put({ metric: reason, value: list.length, numerator: list.length, denominator: 1, callIds: sortedIds(list) });
  }

  // ASA: answered − queued over contacts answered in the range.
  const asa = contacts.filter((c) => within(c.answeredAt, range) && contactInScope(c, scope, c.firstAnswerAgent));
  const asaSum = asa.reduce((a, c) => a + (c.answeredAt as number) - c.start, 0);
  put({ metric: 'asa_s', value: seconds(asaSum, asa.length), numerator: asaSum, denominator: asa.length, callIds: sortedIds(asa.flatMap((c) => c.legs)) });

  // Service level: contacts queued in the range that are no longer waiting.
  const Y = settings.serviceLevelThresholdS * 1000;
  const Z = settings.shortAbandonS * 1000;
  let met = 0;
  const slCounted: Contact[] = [];
  for (const c of contacts) {
    if (!within(c.start, range) || !contactInScope(c, scope, c.firstAnswerAgent)) continue;
    if (c.answeredAt !== null) {
      slCounted.push(c);
      if (c.answeredAt - c.start <= Y) met += 1;
    } else if (c.abandonedAt !== null) {
      const waited = c.abandonedAt - c.start;
      if (settings.abandonTreatment === 'met-if-within-threshold') {
        slCounted.push(c);
        if (waited <= Y) met += 1;
      } else if (settings.abandonTreatment === 'exclude-short') {
        if (waited >= Z) slCounted.push(c);
      } else {
        slCounted.push(c);
      }
    }
  }
  put({ metric: 'service_level_pct', value: percent(met, slCounted.length), numerator: met, denominator: slCounted.length, callIds: sortedIds(slCounted.flatMap((c) => c.legs)) });

  // Abandon rate: a queue metric. Abandoned / contacts queued in the range, short abandons out of both.
  let abandoned = 0;
  const abCounted: Contact[] = [];
  if (scope.kind !== 'agents') {
    for (const c of contacts) {
      if (!within(c.start, range) || !contactInScope(c, scope, null)) continue;
      if (c.abandonedAt !== null && settings.excludeShortAbandonsFromAbandonRate && c.abandonedAt - c.start < Z) continue;
      abCounted.push(c);
      if (c.abandonedAt !== null) abandoned += 1;
    }
  }
  put({ metric: 'abandon_pct', value: percent(abandoned, abCounted.length), numerator: abandoned, denominator: abCounted.length, callIds: sortedIds(abCounted.flatMap((c) => c.legs)) });

  // FCR: first contacts that started in the range, credited to their last-answered leg.
  let fcrMet = 0;
  let pending = 0;
  let provisional = false;
  const fcrCounted: Contact[] = [];
  for (const c of contacts) {
    if (!c.first || !within(c.start, range) || !contactInScope(c, scope, c.credited?.agentId ?? null)) continue;
    if (c.credited?.resolved == null) {
      pending += 1;
      continue;
    }
    fcrCounted.push(c);
    if (c.success) fcrMet += 1;
    if (now < c.start + settings.fcrWindowMs) provisional = true;
  }
  put({
    metric: 'fcr_pct',
    value: percent(fcrMet, fcrCounted.length),
    numerator: fcrMet,
    denominator: fcrCounted.length,
    callIds: sortedIds(fcrCounted.flatMap((c) => c.legs)),
    provisional,
    pending,
  });

  put(occupancy(truth, range, now, scope));
  return out;
}

/** Occupancy: per agent over [from, min(to, now)), Σ busy (union of answered → wrap-up end, within staffed spells) / Σ staffed. */
function occupancy(truth: Truth, range: TimeRange, now: number, scope: TruthScope): Expected {
  if (scope.kind === 'queue') return { metric: 'occupancy_pct', value: null, numerator: 0, denominator: 0, callIds: [] };
  const from = range.from;
  const to = Math.min(range.to, now);
  const agents = scope.kind === 'all' ? [...truth.staffed.keys()] : [...scope.agentIds];
  const answeredBy = new Map<number, TruthLeg[]>();
  for (const l of truth.legs) {
    if (l.answeredAt === null || l.agentId === null) continue;
    const list = answeredBy.get(l.agentId) ?? [];
    list.push(l);
    answeredBy.set(l.agentId, list);
  }
  let busy = 0;
  let staffed = 0;
  const ids: TruthLeg[] = [];
  for (const agentId of agents) {
    const spells: [number, number][] = [];
    for (const spell of truth.staffed.get(agentId) ?? []) {
      const s = Math.max(spell.from, from);
      const e = Math.min(spell.to ?? now, to);
      if (e > s) spells.push([s, e]);
    }
    for (const [s, e] of spells) staffed += e - s;
    const spans = (answeredBy.get(agentId) ?? [])
      .map((l) => ({ leg: l, s: Math.max(l.answeredAt as number, from), e: Math.min(l.wrapUpEndedAt ?? now, to) }))
      .filter((x) => x.e > x.s)
      .sort((a, b) => a.s - b.s);
    // Busy counts only while staffed: merge the spans, then intersect with the spells.
    const merged: [number, number][] = [];
    for (const x of spans) {
      ids.push(x.leg);
      const last = merged.at(-1);
      if (last !== undefined && x.s <= last[1]) last[1] = Math.max(last[1], x.e);
      else merged.push([x.s, x.e]);
    }
    for (const [bs, be] of merged) for (const [s, e] of spells) busy += Math.max(0, Math.min(be, e) - Math.max(bs, s));
  }
  return { metric: 'occupancy_pct', value: percent(busy, staffed), numerator: busy, denominator: staffed, callIds: sortedIds(ids) };
}
