/**
 * `npx tsx tests/bench/board-turn-cost.ts [--calls N] [--step N]` (ADR 0075): what one board turn
 * costs the board's worker as the day grows — the whole-day computation (`aggregateFigures`, what a
 * turn ran before) against the running figures — in one process, no database, no server: a day of
 * a 2,000-agent floor (10 queues, 10 teams, random callers, one call in twenty a repeat) grows by
 * `--step` calls at a time up to `--calls`; between two turns 25 calls change (half a second at
 * 200 call events/s), and both computations answer the same request (trend included every 60th
 * turn, as 30 s at two turns a second), and must be equal (it stops if not). Prints the median and
 * max wall time of each per day size, in this one process: a loaded machine inflates both alike.
 * The staffing window (30 min) fills at ~25,000 calls at this rate.
 */
import { performance } from 'node:perf_hooks';
import { aggregateFigures, type AggregateRequest } from '../../electron/core/board/aggregate-figures';
import { RunningFigures } from '../../electron/core/board/running-figures';
import { TodayCache } from '../../electron/core/metrics/today-cache';
import { DEFAULT_METRIC_SETTINGS, type CallLeg } from '../../shared/domain/metrics/types';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CALLS = arg('calls', 100_000);
const STEP = arg('step', 20_000);
const TURNS = 30;
const AGENTS = 2_000;
const FROM = Date.UTC(2026, 11, 3);

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

let clock = FROM + 7 * 3600_000;
let nextId = 1;
const callers: string[] = [];
function call(): CallLeg {
  const id = nextId++;
  clock += 72; // ~50 calls a second across the floor
  const repeat = callers.length > 0 && random() < 0.05;
  const number = repeat ? (callers[Math.floor(random() * callers.length)] as string) : `+4479${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  if (!repeat) callers.push(number);
  const queued = clock - 240_000 - Math.floor(random() * 20_000); // the whole call before the clock
  const abandoned = random() < 0.05;
  const answered = abandoned ? null : queued + 2_000 + Math.floor(random() * 30_000);
  return {
    id,
    contactKey: String(id),
    direction: 'inbound',
    agentId: abandoned ? null : 1 + Math.floor(random() * AGENTS),
    queueId: 1 + Math.floor(random() * 10),
    customerId: null,
    callerE164: number,
    withheld: false,
    transferredFromLegId: null,
    queuedAt: queued,
    offeredAt: queued + 1_000,
    answeredAt: answered,
    holds: [],
    endedAt: answered === null ? queued + 9_000 : answered + 120_000,
    wrapUpEndedAt: answered === null ? null : answered + 150_000,
    abandonedAt: abandoned ? queued + 9_000 : null,
    unanswered: null,
    resolved: answered === null ? null : random() < 0.8,
  };
}

const teams = Array.from({ length: 10 }, (_, t) => ({ id: t + 1, agentIds: Array.from({ length: AGENTS / 10 }, (_, i) => t * (AGENTS / 10) + i + 1) }));
const request = (turn: number): AggregateRequest => ({
  now: clock,
  settings: DEFAULT_METRIC_SETTINGS,
  queues: Array.from({ length: 10 }, (_, i) => ({ id: i + 1 })),
  teams,
  staffing: { intervalMs: 30 * 60_000, serviceLevelPct: 80, thresholdS: 20 },
  trendBucketMs: turn % 60 === 0 ? 15 * 60_000 : null,
  maxCallIds: 1000,
});

const today = new TodayCache({ from: FROM, to: FROM + 86_400_000 }, [], []);
const running = new RunningFigures(today);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
console.log(`board turn cost in the worker: ${AGENTS} agents, 10 queues, 10 teams; 25 calls changed between turns; ${TURNS} turns per day size (wall ms in this one process)`);
console.log('calls today  whole day p50 / max   running p50 / max   running builds');
let turnNo = 0;
for (let size = STEP; size <= CALLS; size += STEP) {
  const batch: CallLeg[] = [];
  while (nextId <= size) {
    batch.push(call());
    if (batch.length === 500) {
      const legs = batch.splice(0);
      running.track(legs, () => today.changeLegs(legs));
    }
  }
  running.track(batch, () => today.changeLegs(batch));
  running.figures(request(1)); // builds once on the first size; afterwards keeps up
  const whole: number[] = [];
  const kept: number[] = [];
  for (let turn = 0; turn < TURNS; turn++) {
    const changed = Array.from({ length: 25 }, () => call());
    running.track(changed, () => today.changeLegs(changed));
    const req = request(turnNo++);
    let t = performance.now();
    const a = aggregateFigures(today, req);
    whole.push(performance.now() - t);
    t = performance.now();
    const b = running.figures(req);
    kept.push(performance.now() - t);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`figures differ at ${size} calls, turn ${turn}`);
  }
  console.log(
    `${String(today.size).padStart(11)}  ${pct(whole, 0.5).toFixed(1).padStart(9)} / ${Math.max(...whole).toFixed(1).padStart(6)}   ${pct(kept, 0.5).toFixed(1).padStart(7)} / ${Math.max(...kept).toFixed(1).padStart(6)}   ${running.builds}`,
  );
}
