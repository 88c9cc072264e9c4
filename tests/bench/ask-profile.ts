import { readFileSync } from 'node:fs';
import { emptyTally, readCpuProfile } from './cpu-profile';
import type { AskWindow } from './routing.bench';

/**
 * `npx tsx tests/bench/ask-profile.ts PROFILE.cpuprofile ASKS.json [slowestPct]`: what the main thread ran
 * inside the routing decisions the routing bench measured (FRONTLINE_ROUTING_BENCH=decision,
 * FRONTLINE_ROUTING_ASKS=ASKS.json, under `node --cpu-prof --cpu-prof-interval 50`): the profile's samples
 * inside every ask's window, then inside the slowest `slowestPct` % (default 1), by our function (inclusive)
 * and by self time (V8's own frames: `(garbage collector)`, `(program)`).
 */
const [profileFile, asksFile, pctArg] = process.argv.slice(2);
if (profileFile === undefined || asksFile === undefined) throw new Error('usage: ask-profile.ts PROFILE.cpuprofile ASKS.json [slowestPct]');
const profile = readCpuProfile(profileFile, /\/(electron|shared)\//);
const asks = JSON.parse(readFileSync(asksFile, 'utf8')) as AskWindow[];
const times = profile.times;
/** The sampling interval (ms): the median gap between samples. */
const interval = ([...profile.timeDeltas].sort((a, b) => a - b)[profile.timeDeltas.length >> 1] ?? 0) / 1000;

function summarise(label: string, windows: AskWindow[]): void {
  const sorted = [...windows].sort((a, b) => a.startUs - b.startUs);
  const tally = emptyTally();
  let w = 0;
  for (let i = 0; i < times.length; i++) {
    const at = times[i] as number;
    while (w < sorted.length && (sorted[w] as AskWindow).startUs + (sorted[w] as AskWindow).ms * 1000 < at) w++;
    const ask = sorted[w];
    if (ask === undefined) break;
    if (at < ask.startUs) continue;
    // Each sample counts its nominal interval: on a loaded machine the sampler itself waits for a CPU, and a
    // delta up to the next sample would charge that wait to whatever frame happened to be sampled last.
    const dt = interval;
    const leaf = profile.leaf(i);
    if (leaf !== undefined) profile.charge(tally, leaf, dt);
  }
  const { self, inclusive, total } = tally;
  const wall = windows.reduce((a, x) => a + x.ms, 0);
  const top = (m: Map<string, number>, k: number): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([f, ms]) => `    ${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / Math.max(total, 1e-9)).toFixed(1).padStart(5)} %  ${f}`)
      .join('\n');
  console.log(`${label}: ${windows.length} asks, ${wall.toFixed(0)} ms wall, ${total.toFixed(0)} ms of samples (${interval.toFixed(3)} ms each)`);
  console.log(`  our code, inclusive:\n${top(inclusive, 30)}\n  self:\n${top(self, 25)}`);
}

const pct = Number(pctArg ?? 1);
summarise('every ask', asks);
summarise(`slowest ${pct} %`, [...asks].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil((asks.length * pct) / 100))));
