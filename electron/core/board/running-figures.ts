import { AHT_DEFINITION, FRT_DEFINITION, HANDLED_DEFINITION } from '../../../shared/domain/metrics/agent-metrics';
import { groupContacts, type Contact } from '../../../shared/domain/metrics/contacts';
import { fcrOf, firstContacts, type FirstContact } from '../../../shared/domain/metrics/fcr';
import { abandonDefinition, ASA_DEFINITION, serviceLevelDefinition } from '../../../shared/domain/metrics/queue-metrics';
import { averageResult, countOf, percentResult } from '../../../shared/domain/metrics/result';
import type { CallLeg, MetricName, MetricResult, MetricSettings, TimeRange } from '../../../shared/domain/metrics/types';
import type { TodayCache } from '../metrics/today-cache';
import { CENTRE_METRICS, QUEUE_METRICS, TEAM_METRICS, type AggregateFigures, type AggregateRequest, type Figures, type Staffing } from './aggregate-figures';
import { agentScope, ALL, contactEntries, firstEntries, legEntries, queueScope, tallyKey, type Entry, type Part, type ScopeKey } from './figure-units';
import { IdHead, smallestOf } from './id-head';
import { LegTimes } from './leg-times';
import { RunningTrend } from './running-trend';
import { staffingNow } from './staffing';

/** A scope's running total of one part of the figures (see Entry), with the first calls behind it. */
class Tally {
  sum = 0;
  count = 0;
  extra = 0;
  /** FCR's counted first contacts by start (only when the repeat window is shorter than a day or two: `provisional`). */
  readonly starts: Map<number, number> | null;
  private latest: number | null = null;
  private latestKnown = true;

  constructor(
    public ids: IdHead,
    trackStarts: boolean,
  ) {
    this.starts = trackStarts ? new Map() : null;
  }

  addStart(start: number, sign: number): void {
    if (this.starts === null) return;
    const n = (this.starts.get(start) ?? 0) + sign;
    if (n === 0) this.starts.delete(start);
    else this.starts.set(start, n);
    if (sign > 0 && this.latestKnown && (this.latest === null || start > this.latest)) this.latest = start;
    if (sign < 0 && start === this.latest && n === 0) this.latestKnown = false;
  }

  /** The latest start counted (null: none). */
  latestStart(): number | null {
    if (!this.latestKnown && this.starts !== null) {
      this.latest = null;
      for (const start of this.starts.keys()) if (this.latest === null || start > this.latest) this.latest = start;
      this.latestKnown = true;
    }
    return this.latest;
  }
}

/** The units a change of some legs can alter: the legs, their contacts (before and after) and those contacts' possible callers. */
interface Units {
  legs: Set<number>;
  contacts: Set<string>;
  callers: Set<string>;
}

const callerKeysOf = (leg: CallLeg, into: Set<string>): void => {
  if (leg.customerId !== null) into.add(`customer:${leg.customerId}`);
  if (leg.callerE164 !== null) into.add(`number:${leg.callerE164}`);
};

/**
 * The board's queue, team and centre figures kept up to date as today changes (ADR 0075): every
 * figure is a sum of its units' parts (figure-units.ts), so a change of some legs takes out the
 * parts of the units it touches (the legs, their contacts, their callers' first contacts) and puts
 * back their new parts; a turn only assembles the totals (teams: their agents' totals), the
 * staffing window and the trend's changed buckets. The result equals `aggregateFigures` over the
 * whole day (tests/unit/board/running-figures.test.ts). It is built over the whole day once (the
 * first turn, new settings, a clock that went back, a drill-down list that lost its next id).
 */
export class RunningFigures {
  private tallies = new Map<string, Tally>();
  private built: { settings: MetricSettings; settingsKey: string; cap: number; trackStarts: boolean } | null = null;
  /** The figures count what happened before this (a request's `now` + 1). */
  private asOf = 0;
  /** Units with a time not come yet at `asOf`: looked at again when the clock passes it. */
  private waiting: Units = { legs: new Set(), contacts: new Set(), callers: new Set() };
  private times = new LegTimes();
  private trend = new RunningTrend();
  /** A drill-down list lost its next id: the next turn builds everything again. */
  private rebuild = false;
  /** How many whole-day builds (tests; a benchmark can print it). */
  builds = 0;

  constructor(private readonly today: TodayCache) {}

  /**
   * Some legs are about to be upserted into today by `mutate` (a batch of changed calls, or a
   * caller's history): their units' parts are taken out before and put back after.
   */
  track<T>(legs: readonly CallLeg[], mutate: () => T): T {
    if (this.built === null || legs.length === 0) return mutate();
    // A leg twice in one batch is one change (the last version wins, as upserts do).
    const incoming = [...new Map(legs.map((leg) => [leg.id, leg])).values()];
    const units = this.unitsOf(incoming);
    const before: Entry[] = [];
    this.evaluate(units, this.asOf, before, true);
    const old = incoming.map((leg) => this.today.leg(leg.id));
    const result = mutate();
    incoming.forEach((leg, i) => {
      const now = this.today.leg(leg.id);
      if (now !== undefined) this.times.move(old[i], now);
    });
    const after: Entry[] = [];
    this.evaluate(units, this.asOf, after, true);
    this.apply(before, after);
    return result;
  }

  figures(request: AggregateRequest): AggregateFigures {
    const to = request.now + 1;
    const settingsKey = JSON.stringify(request.settings);
    // Without the latest starts, "provisional" holds while no first contact of the day can be past its window.
    const startsNeeded = this.built !== null && !this.built.trackStarts && request.now >= this.today.range.from + request.settings.fcrWindowMs;
    if (this.built === null || this.built.settingsKey !== settingsKey || this.built.cap !== request.maxCallIds || to < this.asOf || startsNeeded) {
      this.build(request.settings, settingsKey, request.maxCallIds, to);
    } else if (to > this.asOf) this.advance(to);
    if (this.rebuild) this.build(request.settings, settingsKey, request.maxCallIds, to);
    const settings = request.settings;
    const range: TimeRange = { from: this.today.range.from, to };
    const windowLegs = this.windowLegs(request.now - request.staffing.intervalMs, request.now);
    const staffing = (legs: readonly CallLeg[], ahtS: number | null): Staffing => {
      const { needed, basis } = staffingNow({ legs, now: request.now, fallbackAhtS: ahtS, available: 0, ...request.staffing });
      return { needed, basis };
    };
    const byQueue = new Map<number | null, CallLeg[]>();
    for (const leg of windowLegs) {
      const list = byQueue.get(leg.queueId);
      if (list === undefined) byQueue.set(leg.queueId, [leg]);
      else list.push(leg);
    }
    const queues = request.queues.map((q) => {
      const figures = this.pick(QUEUE_METRICS, [queueScope(q.id)], request.now, settings);
      return { id: q.id, figures, staffing: staffing(byQueue.get(q.id) ?? [], figures.aht_s?.value ?? null) };
    });
    const teams = request.teams.map((t) => ({ id: t.id, figures: this.pick(TEAM_METRICS, [...new Set(t.agentIds)].map(agentScope), request.now, settings) }));
    const centre = this.pick(CENTRE_METRICS, [ALL], request.now, settings);
    return {
      queues,
      teams,
      centre: { figures: centre, staffing: staffing(windowLegs, centre.aht_s?.value ?? null) },
      trend: request.trendBucketMs === null ? null : this.trend.points(this.today, this.times, range, request.trendBucketMs, settings).filter((p) => p.start <= request.now),
    };
  }

  /** The figures `names` of the sum of these scopes' tallies. */
  private pick(names: readonly MetricName[], scopes: readonly ScopeKey[], now: number, settings: MetricSettings): Figures {
    const total = (part: Part) => {
      const tallies = scopes.map((scope) => this.tallies.get(tallyKey(part, scope))).filter((t): t is Tally => t !== undefined);
      let sum = 0;
      let count = 0;
      let extra = 0;
      let latest: number | null = null;
      for (const t of tallies) {
        sum += t.sum;
        count += t.count;
        extra += t.extra;
        const start = t.latestStart();
        if (start !== null && (latest === null || start > latest)) latest = start;
      }
      const cap = this.built?.cap ?? 0;
      const ids = tallies.length === 1 ? (tallies[0] as Tally).ids.list() : smallestOf(tallies.map((t) => t.ids.view()), cap);
      return { sum, count, extra, latest, ids };
    };
    const result = (name: MetricName): MetricResult => {
      switch (name) {
        case 'handled': {
          const t = total('handle');
          return countOf('handled', HANDLED_DEFINITION, t.count, t.ids);
        }
        case 'aht_s': {
          const t = total('handle');
          return averageResult('aht_s', AHT_DEFINITION, t.sum, t.count, t.ids);
        }
        case 'agent_frt_s': {
          const t = total('frt');
          return averageResult('agent_frt_s', FRT_DEFINITION, t.sum, t.count, t.ids);
        }
        case 'asa_s': {
          const t = total('asa');
          return averageResult('asa_s', ASA_DEFINITION, t.sum, t.count, t.ids);
        }
        case 'service_level_pct': {
          const t = total('sl');
          return percentResult('service_level_pct', serviceLevelDefinition(settings), t.sum, t.count, t.ids);
        }
        case 'abandon_pct': {
          const t = total('abandon');
          return percentResult('abandon_pct', abandonDefinition(settings), t.sum, t.count, t.ids);
        }
        case 'fcr_pct': {
          const t = total('fcr');
          // Some counted first contact's repeat window is still open: with a window longer than the day so far, any one.
          const provisional = t.extra > 0 && (this.built?.trackStarts === true ? t.latest !== null && now < t.latest + settings.fcrWindowMs : true);
          return fcrOf({ successes: t.sum, known: t.count, pending: t.extra - t.count, provisional }, t.ids, settings);
        }
        default:
          throw new Error(`running figures: ${name} is not a board figure`);
      }
    };
    return Object.fromEntries(names.map((name) => [name, result(name)]));
  }

  /** Legs that may have begun or wrapped up in [from, to): the staffing window's. */
  private windowLegs(from: number, to: number): CallLeg[] {
    const ids = new Set<number>();
    const add = (id: number) => ids.add(id);
    this.times.idsIn('start', from, to, add);
    this.times.idsIn('wrapped', from, to, add);
    const legs: CallLeg[] = [];
    for (const id of ids) {
      const leg = this.today.leg(id);
      if (leg !== undefined) legs.push(leg);
    }
    return legs;
  }

  /** The clock moved on: units with a time that had not come yet are looked at again. */
  private advance(to: number): void {
    const units = this.waiting;
    this.waiting = { legs: new Set(), contacts: new Set(), callers: new Set() };
    const before: Entry[] = [];
    this.evaluate(units, this.asOf, before, false);
    this.asOf = to;
    const after: Entry[] = [];
    this.evaluate(units, to, after, false);
    this.apply(before, after);
  }

  private unitsOf(incoming: readonly CallLeg[]): Units {
    const units: Units = { legs: new Set(), contacts: new Set(), callers: new Set() };
    for (const leg of incoming) {
      units.legs.add(leg.id);
      units.contacts.add(leg.contactKey);
      const old = this.today.leg(leg.id);
      if (old !== undefined) units.contacts.add(old.contactKey);
      callerKeysOf(leg, units.callers);
    }
    for (const key of units.contacts) for (const leg of this.today.contactLegs(key)) callerKeysOf(leg, units.callers);
    return units;
  }

  private contact(key: string): Contact | undefined {
    return groupContacts(this.today.contactLegs(key))[0];
  }

  private callerFirsts(callerKey: string, settings: MetricSettings): FirstContact[] {
    const contacts: Contact[] = [];
    for (const key of this.today.callerContactKeys(callerKey)) {
      const contact = this.contact(key);
      if (contact !== undefined && contact.customerKey === callerKey) contacts.push(contact);
    }
    return firstContacts(contacts, settings);
  }

  /** These units' parts at `to` (and the trend's buckets they touch marked, for a change); which still wait for a time. */
  private evaluate(units: Units, to: number, out: Entry[], change: boolean): void {
    const settings = (this.built as { settings: MetricSettings }).settings;
    const range: TimeRange = { from: this.today.range.from, to };
    for (const id of units.legs) {
      const leg = this.today.leg(id);
      if (leg !== undefined && legEntries(leg, range, out)) this.waiting.legs.add(id);
      else this.waiting.legs.delete(id);
      if (change && leg !== undefined) this.trend.touchedLeg(leg);
    }
    for (const key of units.contacts) {
      const contact = this.contact(key);
      if (contact !== undefined && contactEntries(contact, range, settings, out)) this.waiting.contacts.add(key);
      else this.waiting.contacts.delete(key);
      if (change && contact?.queued != null) this.trend.touched(contact.queued);
    }
    for (const key of units.callers) {
      if (firstEntries(this.callerFirsts(key, settings), range, out)) this.waiting.callers.add(key);
      else this.waiting.callers.delete(key);
    }
  }

  private tally(key: string): Tally {
    let tally = this.tallies.get(key);
    const built = this.built as { cap: number; trackStarts: boolean };
    if (tally === undefined) this.tallies.set(key, (tally = new Tally(new IdHead(built.cap), built.trackStarts)));
    return tally;
  }

  /** Take out the parts `before`, put in the parts `after`: an id in both stays where it is. */
  private apply(before: readonly Entry[], after: readonly Entry[]): void {
    const ids = new Map<string, Map<number, number>>();
    const each = (entries: readonly Entry[], sign: number) => {
      for (const e of entries) {
        const tally = this.tally(e.key);
        tally.sum += sign * e.sum;
        tally.count += sign * e.count;
        tally.extra += sign * e.extra;
        if (e.start !== null) tally.addStart(e.start, sign);
        if (e.ids.length === 0) continue;
        let delta = ids.get(e.key);
        if (delta === undefined) ids.set(e.key, (delta = new Map()));
        for (const id of e.ids) delta.set(id, (delta.get(id) ?? 0) + sign);
      }
    };
    each(before, -1);
    each(after, 1);
    for (const [key, delta] of ids) {
      const head = this.tally(key).ids;
      for (const [id, n] of delta) {
        if (n > 0) head.add(id);
        else if (n < 0) head.remove(id);
      }
      if (head.stale) this.rebuild = true;
    }
  }

  /** Every part of the whole day, from scratch. */
  private build(settings: MetricSettings, settingsKey: string, cap: number, to: number): void {
    this.builds += 1;
    // FCR's "provisional" needs the latest start only when a repeat window can close before a day from now.
    this.built = { settings, settingsKey, cap, trackStarts: this.today.range.from + settings.fcrWindowMs <= to + 86_400_000 };
    this.asOf = to;
    this.rebuild = false;
    this.tallies = new Map();
    this.waiting = { legs: new Set(), contacts: new Set(), callers: new Set() };
    this.times = new LegTimes();
    this.trend = new RunningTrend();
    const range: TimeRange = { from: this.today.range.from, to };
    const out: Entry[] = [];
    const legs = this.today.allLegs();
    for (const leg of legs) {
      this.times.add(leg);
      if (legEntries(leg, range, out)) this.waiting.legs.add(leg.id);
    }
    const contacts = groupContacts(legs);
    for (const contact of contacts) if (contactEntries(contact, range, settings, out)) this.waiting.contacts.add(contact.key);
    const byCaller = new Map<string, FirstContact[]>();
    for (const first of firstContacts(contacts, settings)) {
      const key = first.contact.customerKey as string;
      const group = byCaller.get(key);
      if (group === undefined) byCaller.set(key, [first]);
      else group.push(first);
    }
    for (const [key, firsts] of byCaller) if (firstEntries(firsts, range, out)) this.waiting.callers.add(key);
    const lists = new Map<string, number[]>();
    for (const e of out) {
      const tally = this.tally(e.key);
      tally.sum += e.sum;
      tally.count += e.count;
      tally.extra += e.extra;
      if (e.start !== null) tally.addStart(e.start, 1);
      let list = lists.get(e.key);
      if (list === undefined) lists.set(e.key, (list = []));
      for (const id of e.ids) list.push(id);
    }
    for (const [key, list] of lists) this.tally(key).ids = IdHead.of(list, cap);
  }
}
