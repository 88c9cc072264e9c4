import { commandLineWithWordsOrExit } from '../../electron/core/util/command-line';
import { boardBench, soakBench, type BoardBenchArgs } from './board.bench';
import { boardLoopBench } from './board-loop.bench';
import { boardTeamBench } from './board-team.bench';
import { eventsBench, type EventsBenchArgs } from './events.bench';
import { identityBench } from './identity.bench';
import { lookupBench } from './lookup.bench';
import { metricsBench, type MetricsBenchArgs } from './metrics.bench';
import { pgFanoutBench } from './pg-fanout.bench';
import { pgPopBench } from './pg-pop.bench';
import { popBench } from './pop.bench';
import { routingBench } from './routing.bench';
import { routingPbxBench } from './routing-pbx.bench';
import { routingPopBench } from './routing-pop.bench';
import { sipBench } from './sip.bench';
import { sqliteLimitBench } from './sqlite-limit.bench';

/**
 * `npm run bench -- <name> [--customers N] [--samples N]`; metrics also takes
 * [--calls N] [--agents N] [--repeats N] [--new-calls N]; board takes [--agents N] [--rate N]
 * [--seconds N]; soak takes [--minutes N] [--agents N] [--rate N]; board-loop takes [--calls N] [--agents N] [--rate N] [--seconds N]; board-team takes [--agents N] [--rate N] [--seconds N] (defaults 2000, 200, 120); events takes [--days N] [--board]. Each benchmark prints a percentile table.
 */
const benches: Record<string, (args: { customers: number; samples: number; samplesGiven: boolean } & MetricsBenchArgs & BoardBenchArgs & EventsBenchArgs) => Promise<void>> = {
  board: boardBench,
  'board-loop': boardLoopBench,
  'board-team': boardTeamBench,
  events: eventsBench,
  identity: identityBench,
  lookup: lookupBench,
  metrics: metricsBench,
  'pg-fanout': pgFanoutBench,
  'pg-pop': pgPopBench,
  pop: popBench,
  routing: routingBench,
  'routing-pbx': routingPbxBench,
  'routing-pop': routingPopBench,
  sip: sipBench,
  soak: soakBench,
  'sqlite-limit': sqliteLimitBench,
};

const USAGE = `npm run bench -- [NAME …] [--customers N] [--samples N] [--calls N] [--agents N] [--repeats N] [--new-calls N]
                     [--rate N] [--seconds N] [--days N] [--board] [--minutes N]
  NAME: ${Object.keys(benches).join(', ')} (none: every one). Hold /tmp/frontline-bench.lock (docs/BENCHMARKS.md).`;

const { values, words: positionals } = commandLineWithWordsOrExit('bench', USAGE, {
  customers: { type: 'string', default: '1000000' },
  samples: { type: 'string' },
  calls: { type: 'string', default: '10000000' },
  agents: { type: 'string', default: '500' },
  repeats: { type: 'string', default: '15' },
  'new-calls': { type: 'string', default: '1000' },
  rate: { type: 'string', default: '50' },
  seconds: { type: 'string' },
  days: { type: 'string', default: '3' },
  board: { type: 'boolean', default: false },
  minutes: { type: 'string', default: '30' },
});
const names = positionals.length > 0 ? positionals : Object.keys(benches);
for (const name of names) {
  const bench = benches[name];
  if (bench === undefined) {
    console.error(`unknown benchmark "${name}"; have: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await bench({
    customers: Number(values.customers),
    samples: Number(values.samples ?? 20_000),
    // Benchmarks whose calls take real time (sip) pick their own default when --samples is not given.
    samplesGiven: values.samples !== undefined,
    calls: Number(values.calls),
    agents: Number(values.agents),
    repeats: Number(values.repeats),
    newCalls: Number(values['new-calls']),
    eventsPerSecond: Number(values.rate),
    seconds: values.seconds === undefined ? undefined : Number(values.seconds),
    days: Number(values.days),
    board: values.board,
    minutes: Number(values.minutes),
  });
}
