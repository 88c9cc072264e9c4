import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import type { MetricsReport, ScoredMetric } from '../../shared/contract/schemas/metrics';
import type { Settings } from '../../shared/contract/schemas/settings';
import { MAX_CALL_IDS, toMetricSettings } from '../../electron/core/metrics/metrics-service';
import { computePrepared } from '../../shared/domain/metrics/engine';
import type { MetricName, MetricSet, MetricSettings, TimeRange } from '../../shared/domain/metrics/types';
import { bruteForce, contactsOf, type Contact, type Expected, type Truth, type TruthLeg, type TruthScope } from './brute-force';
import { CallCentre } from './call-centre';
import { AGENTS, CALLS_PER_HOUR, CUSTOMERS, DAYS, END, MONTH_CHECKPOINTS, RANGES, SEED, SPAN, START, STORE, TODAY_CHECKPOINTS, WHOLE_MONTH } from './month-plan';
import type { BoardTrace } from '../../shared/contract/schemas/board';
import { boardCells, type TracedBoard } from './traced-board';
import { boardDifferences, oracleAt } from './view-checks';
import { openRealCentre, type RealCentre } from './real-centre';
import { freshPostgresDatabase, postgresAdminUrl } from '../support/test-stores';

/**
 * The acceptance test of the metrics (METRICS.md, last paragraph): a simulated month of calls,
 * fed through the real write path (calls.report, wrapUp.submit, agent presence — all through the
 * dispatcher into SQLite), must give exactly the figures an independent brute-force recomputation
 * gives from the simulator's own record of what it sent. `npm test` runs the month on SQLite and a
 * span of its first days on PostgreSQL (FRONTLINE_MONTH_STORE, ADR 0076): the same checks on both.
 */

const FCR_ONLY: ReadonlySet<MetricName> = new Set(['fcr_pct']);

/** The engine's own result shaped as metrics.query sends it (drill-down ids capped). */
function asReport(set: MetricSet): MetricsReport {
  const metrics = Object.values(set).map((m) => ({ ...m, callIds: m.callIds.slice(0, MAX_CALL_IDS) }));
  return { metrics } as unknown as MetricsReport;
}

let centre: RealCentre;
let sim: CallCentre;
let settings: MetricSettings;
let scopes: { name: string; request: object; truth: TruthScope }[];
const todayMismatches: string[] = [];
let todayComparisons = 0;
const viewMismatches: string[] = [];
let viewCheckpoints = 0;
let lastView: { board: TracedBoard; now: number } | null = null;
const timings: Record<string, number> = {};

const DAY_MS = 86_400_000;
/** Inbound calls at least: over 100,000 in the month, about as many a day in a shorter span. */
const MIN_CONTACTS = WHOLE_MONTH ? 100_000 : 2_500 * DAYS;

/**
 * What the simulator sent so far. `since`: only legs offered from then on — enough for figures of a
 * day that starts a day and an FCR window later (every call is shorter than a day, and first
 * contacts look back one window), and much less to recompute late in the month.
 */
function truthNow(since = -Infinity): { truth: Truth; contacts: Contact[] } {
  const staffed = sim.staffedSpells();
  staffed.set(centre.supervisorId, []);
  // Whole contacts: a transfer leg after `since` keeps its original leg from before.
  const recent = new Set(sim.legs.filter((l) => l.offeredAt !== null && l.offeredAt >= since).map((l) => l.contact));
  const legs = since === -Infinity ? sim.legs : sim.legs.filter((l) => recent.has(l.contact));
  return { truth: { legs, staffed }, contacts: contactsOf(legs, settings) };
}

/** Every metric of the engine's report against the brute force: value, numerator, denominator, FCR's flags, calls. */
function differences(label: string, report: MetricsReport, expected: Record<MetricName, Expected>): string[] {
  const out: string[] = [];
  for (const want of Object.values(expected)) {
    const got = report.metrics.find((m) => m.metric === want.metric) as ScoredMetric | undefined;
    if (got === undefined) {
      out.push(`${label} ${want.metric}: missing from the report`);
      continue;
    }
    const view = (m: { value: number | null; numerator: number; denominator: number; provisional?: boolean; pending?: number }) =>
      FCR_ONLY.has(want.metric)
        ? { value: m.value, numerator: m.numerator, denominator: m.denominator, provisional: m.provisional, pending: m.pending }
        : { value: m.value, numerator: m.numerator, denominator: m.denominator };
    const shown = want.callIds.slice(0, 1000);
    const callsDiffer = !isDeepStrictEqual(got.callIds, shown);
    const which = () => {
      const engine = new Set(got.callIds);
      const brute = new Set(shown);
      const onlyEngine = got.callIds.filter((id) => !brute.has(id)).slice(0, 6);
      const onlyBrute = shown.filter((id) => !engine.has(id)).slice(0, 6);
      return `calls only the engine counts [${onlyEngine.join(' ')}], only the brute force [${onlyBrute.join(' ')}]`;
    };
    if (!isDeepStrictEqual(view(got), view(want))) {
      out.push(`${label} ${want.metric}: engine ${JSON.stringify(view(got))} ≠ brute force ${JSON.stringify(view(want))}; ${which()}`);
    } else if (callsDiffer) {
      out.push(`${label} ${want.metric}: same numbers, other calls (engine ${got.callIds.length}, brute force ${want.callIds.length}); ${which()}`);
    }
  }
  return out;
}

/** The in-memory "today" (local midnight to now), for every scope, against the brute force for the same range. */
async function compareToday(now: number): Promise<void> {
  const { truth, contacts } = truthNow();
  const from = new Date(now).setHours(0, 0, 0, 0);
  const range = { from, to: now + 1 };
  for (const scope of scopes) {
    const report = await centre.query(scope.request);
    expect(report.range).toEqual(range);
    todayMismatches.push(...differences(`today@${new Date(now).toISOString()} ${scope.name}`, report, bruteForce(truth, contacts, range, now, settings, scope.truth)));
    todayComparisons += 1;
  }
  // An agent's own view ("me") of today, as their desktop asks for it.
  const self = sim.signedIn()[0];
  if (self !== undefined) {
    const me = await centre.queryAsAgent(self.n, { scope: { kind: 'me' } });
    const mine: TruthScope = { kind: 'agents', agentIds: new Set([self.id]) };
    todayMismatches.push(...differences(`today@${new Date(now).toISOString()} me (agent ${self.id})`, me, bruteForce(truth, contacts, range, now, settings, mine)));
    todayComparisons += 1;
  }
}

/** What people see — the board's rows, teams, centre and queues, and every signed-in agent's own numbers — against the brute force. */
async function compareViews(now: number): Promise<void> {
  const { truth, contacts } = truthNow(new Date(now).setHours(0, 0, 0, 0) - settings.fcrWindowMs - DAY_MS);
  const oracle = oracleAt(now, truth, contacts, settings);
  const label = `views@${new Date(now).toISOString()}`;
  const board = await centre.boardState();
  viewMismatches.push(...boardDifferences(label, board, oracle, centre.teams));
  for (const agent of sim.signedIn()) {
    const mine = await centre.queryAsAgent(agent.n, { scope: { kind: 'me' } });
    viewMismatches.push(...differences(`${label} my numbers (agent ${agent.id})`, mine, oracle({ kind: 'agents', agentIds: new Set([agent.id]) })));
  }
  lastView = { board, now };
  viewCheckpoints += 1;
}

describe.skipIf(STORE === 'postgres' && postgresAdminUrl() === '')(`a simulated ${SPAN} through the real write path [${STORE}]`, () => {
  beforeAll(async () => {
    const started = performance.now();
    centre = await openRealCentre({ start: START, customers: CUSTOMERS, agents: AGENTS, postgres: STORE === 'postgres' ? freshPostgresDatabase : undefined });
    const s = await centre.core.dispatch('settings.get', {}, newCallContext());
    if (!s.ok) throw new Error(s.error.message);
    settings = toMetricSettings((s.value as Settings).metrics);
    sim = new CallCentre(centre.board, { seed: SEED, start: START, end: END, agents: AGENTS, queues: centre.queues, customers: CUSTOMERS, callsPerHour: CALLS_PER_HOUR });
    timings.setup = performance.now() - started;

    const simStarted = performance.now();
    await sim.runUntil(MONTH_CHECKPOINTS[0] as number);
    // Every screen against the brute force, about every five hours of the month.
    for (const checkpoint of MONTH_CHECKPOINTS) {
      await sim.runUntil(checkpoint);
      await compareViews(checkpoint);
    }
    await sim.runUntil(TODAY_CHECKPOINTS[0] as number);
    timings.simulateToLastDay = performance.now() - simStarted;
    const agentIds = [...sim.staffedSpells().keys()].sort((a, b) => a - b);
    scopes = [
      { name: 'all', request: { kind: 'all' }, truth: { kind: 'all' } },
      ...agentIds.map((id, i) => ({ name: `agent #${i + 1}`, request: { kind: 'agent', agentId: id }, truth: { kind: 'agents', agentIds: new Set([id]) } as TruthScope })),
      ...centre.teams.map((t) => ({ name: `team ${t.id}`, request: { kind: 'team', teamId: t.id }, truth: { kind: 'agents', agentIds: new Set(t.agentIds) } as TruthScope })),
      ...centre.queues.map((q) => ({ name: `queue ${q.name}`, request: { kind: 'queue', queueId: q.id }, truth: { kind: 'queue', queueId: q.id } as TruthScope })),
    ];
    // Today's figures: loaded just after midnight, then kept up to date one event at a time.
    const todayStarted = performance.now();
    for (const checkpoint of TODAY_CHECKPOINTS) {
      await sim.runUntil(checkpoint);
      await compareToday(checkpoint);
      await compareViews(checkpoint);
    }
    await sim.runUntil(END);
    await compareToday(END);
    await compareViews(END);
    timings.lastDayWithTodayChecks = performance.now() - todayStarted;
    timings.simulate = performance.now() - simStarted;
  }, 3_600_000);

  afterAll(async () => {
    await centre?.close();
  });

  it(`sends over ${MIN_CONTACTS.toLocaleString('en')} calls with the edge cases the definitions single out`, () => {
    const { contacts } = truthNow();
    const inbound = contacts.length;
    const count = (f: (c: Contact) => boolean) => contacts.filter(f).length;
    const midnightAfter = (t: number) => new Date(t).setHours(24, 0, 0, 0);
    const hourAfter = (t: number) => new Date(t).setMinutes(60, 0, 0);
    const holds = sim.legs.flatMap((l) => l.holds);
    const byCaller = new Map<string, number[]>();
    for (const c of contacts) if (c.caller !== null) byCaller.set(c.caller, [...(byCaller.get(c.caller) ?? []), c.start]);
    const gaps = [...byCaller.values()].flatMap((starts) => starts.flatMap((a) => starts.map((b) => b - a)));
    const W = settings.fcrWindowMs;
    const cases = {
      contacts: inbound >= MIN_CONTACTS,
      agents: sim.staffedSpells().size === AGENTS,
      queues: new Set(contacts.map((c) => c.queueId)).size === centre.queues.length + 1, // and calls without a queue
      abandonedExactlyAtY: count((c) => c.abandonedAt !== null && c.abandonedAt - c.start === 20_000) > 0,
      abandonedExactlyAtZ: count((c) => c.abandonedAt !== null && c.abandonedAt - c.start === 5_000) > 0,
      abandonedUnderZ: count((c) => c.abandonedAt !== null && c.abandonedAt - c.start < 5_000) > 0,
      answeredExactlyAtY: count((c) => c.answeredAt !== null && c.answeredAt - c.start === 20_000) > 0,
      answeredOneMsAfterY: count((c) => c.answeredAt !== null && c.answeredAt - c.start === 20_001) > 0,
      missedThenAnsweredElsewhere: count((c) => c.answeredAt !== null && c.legs.some((l) => l.endReason === 'missed')) > 0,
      declinedThenAnsweredElsewhere: count((c) => c.answeredAt !== null && c.legs.some((l) => l.endReason === 'declined')) > 0,
      stillWaiting: count((c) => c.answeredAt === null && c.abandonedAt === null && c.end !== null) > 0,
      transferred: count((c) => c.transferred) > 0,
      holdsAcrossMidnight: holds.filter((h) => h.end !== null && midnightAfter(h.start) < h.end).length > 0,
      holdsAcrossAnHour: holds.filter((h) => h.end !== null && hourAfter(h.start) < h.end).length > 0,
      hungUpOnHold: sim.legs.filter((l) => l.holds.at(-1)?.end === l.endedAt && l.endedAt !== null).length > 0,
      // Callers a window apart, among 50,000 customers: a month has them, a few days need not.
      ...(WHOLE_MONTH ? { repeatExactlyW: gaps.filter((g) => g === W).length > 0, repeatJustOverW: gaps.filter((g) => g > W && g <= W + 5_000).length > 0 } : {}),
      withheld: count((c) => c.legs.some((l) => l.withheld)) > 0,
      unmatchedNumbers: count((c) => c.caller?.startsWith('n') === true) > 0,
      customerChosenMidCall: sim.stats.customerChosen > 0,
      outbound: sim.legs.some((l) => l.direction === 'outbound'),
      wrapUpStillOpen: sim.legs.some((l) => l.endedAt !== null && l.answeredAt !== null && l.wrapUpEndedAt === null),
      callsInProgressAtTheEnd: sim.legs.some((l) => l.endedAt === null),
      breaksAfterMissedCalls: sim.stats.autoBreaks > 0,
      breaksChosenForAfterTheCall: sim.stats.nextStateBreaks > 0,
    };
    console.log(
      `simulated ${SPAN} [${STORE}]: ${inbound} inbound calls (contacts), ${sim.legs.length} legs, ${sim.stats.events} events through the dispatcher, ` +
        `${RANGES.length}×${scopes.length} range×scope reports + ${todayComparisons} "today" reports compared; ` +
        `setup ${(timings.setup as number / 1000).toFixed(1)} s, simulation ${(timings.simulate as number / 1000).toFixed(1)} s ` +
        `(${(((timings.simulate as number) * 1000) / sim.stats.events).toFixed(0)} µs per event)`,
    );
    expect(cases).toEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, true])));
  });

  it("gives exactly the brute force's figures for today from memory, through the last day, for every scope", () => {
    expect(todayComparisons).toBeGreaterThanOrEqual((TODAY_CHECKPOINTS.length + 1) * scopes.length);
    expect({ mismatches: todayMismatches.length, first: todayMismatches.slice(0, 25) }).toEqual({ mismatches: 0, first: [] });
  });

  it('shows exactly the brute force on every board row, team row, centre strip, queue tile and agent desk, at every checkpoint of the month', () => {
    console.log(`views: ${viewCheckpoints} checkpoints, each with every board row, team, queue tile, the centre strip and every signed-in agent's own numbers`);
    expect(viewCheckpoints).toBeGreaterThanOrEqual(WHOLE_MONTH ? 100 : MONTH_CHECKPOINTS.length + TODAY_CHECKPOINTS.length + 1);
    expect({ mismatches: viewMismatches.length, first: viewMismatches.slice(0, 25) }).toEqual({ mismatches: 0, first: [] });
  });

  it('notices one event moved on what the board shows (the view comparison can fail)', () => {
    const { board, now } = lastView as { board: TracedBoard; now: number };
    const { truth } = truthNow();
    const from = new Date(now).setHours(0, 0, 0, 0);
    const victim = truth.legs.find((l) => l.answeredAt !== null && l.answeredAt >= from && l.direction === 'inbound' && l.endedAt !== null) as TruthLeg;
    const nudged: TruthLeg[] = truth.legs.map((l) => (l === victim ? { ...l, answeredAt: (l.answeredAt as number) + 1 } : l));
    const diff = boardDifferences('nudged', board, oracleAt(now, { ...truth, legs: nudged }, contactsOf(nudged, settings), settings), centre.teams);
    expect(diff.some((d) => d.includes('agent_frt_s'))).toBe(true);
  });

  it('notices a number whose trace leaves out one of its calls, or traces another number (the trace comparison can fail)', () => {
    const { board, now } = lastView as { board: TracedBoard; now: number };
    const { truth, contacts } = truthNow(new Date(now).setHours(0, 0, 0, 0) - settings.fcrWindowMs - DAY_MS);
    const oracle = oracleAt(now, truth, contacts, settings);
    expect(boardDifferences('as traced', board, oracle, centre.teams)).toEqual([]);
    const victim = boardCells(board.state).find(({ ref }) => (board.trace(ref)?.callIds.length ?? 0) > 1)?.ref;
    expect(victim).toBeDefined();
    /** The board as traced, with the victim's trace changed. */
    const tampered = (change: (t: BoardTrace) => BoardTrace): TracedBoard => ({
      state: board.state,
      trace: (ref) => {
        const t = board.trace(ref);
        return t !== undefined && JSON.stringify(ref) === JSON.stringify(victim) ? change(t) : t;
      },
    });
    const short = tampered((t) => ({ ...t, callIds: t.callIds.slice(1) }));
    expect(boardDifferences('one call short', short, oracle, centre.teams).some((d) => d.includes('only in the brute force ['))).toBe(true);
    const other = tampered((t) => ({ ...t, cell: { ...t.cell, value: -1 } }));
    expect(boardDifferences('another number', other, oracle, centre.teams).some((d) => d.includes('traced'))).toBe(true);
  });

  it("gives exactly the brute force's figures for every agent, team, queue and the whole centre, over a month, a week, days and hours", async () => {
    const started = performance.now();
    const { truth, contacts } = truthNow();
    const mismatches: string[] = [];
    let throughQuery = 0;
    const kindOf = (name: string) => name.split(' ')[0];
    const viaQuery = new Set(['all', 'agent', 'team', 'queue'].map((kind) => scopes.find((scope) => kindOf(scope.name) === kind)?.name));
    for (const { name, range } of RANGES) {
      // One read of the range for every scope (a month read per scope would take minutes), and
      // metrics.query itself for the first agent, team and queue and the whole centre.
      const prepared = await centre.rangeInput(range, END);
      for (const scope of scopes) {
        const expected = bruteForce(truth, contacts, range, END, settings, scope.truth);
        mismatches.push(...differences(`${name} ${scope.name}`, asReport(computePrepared(prepared, scope.truth)), expected));
        if (viaQuery.has(scope.name)) {
          mismatches.push(...differences(`${name} ${scope.name} (metrics.query)`, await centre.query(scope.request, range), expected));
          throughQuery += 1;
        }
      }
    }
    console.log(
      `range reports: ${RANGES.length * scopes.length} from the repository and engine, ${throughQuery} of them also through metrics.query, ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(throughQuery).toBe(RANGES.length * 4);
    expect({ mismatches: mismatches.length, first: mismatches.slice(0, 25) }).toEqual({ mismatches: 0, first: [] });
  }, 600_000);

  it('notices a single call moved by one millisecond (the comparison can fail)', async () => {
    const { truth } = truthNow();
    const range = RANGES.find((r) => r.name === 'first day')?.range as TimeRange;
    const victim = truth.legs.find((l) => l.answeredAt !== null && l.answeredAt >= range.from && l.answeredAt < range.to && l.direction === 'inbound') as TruthLeg;
    const nudged: TruthLeg[] = truth.legs.map((l) => (l === victim ? { ...l, answeredAt: (l.answeredAt as number) + 1 } : l));
    const report = await centre.query({ kind: 'all' }, range);
    const diff = differences('nudged', report, bruteForce({ ...truth, legs: nudged }, contactsOf(nudged, settings), range, END, settings, { kind: 'all' }));
    expect(diff.some((d) => d.includes('agent_frt_s'))).toBe(true);
  });
});
