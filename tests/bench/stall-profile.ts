import { readFileSync } from 'node:fs';
import { emptyTally, readCpuProfile } from './cpu-profile';
import { describeStall, type Stall } from './stall-watch';

/**
 * `npx tsx tests/bench/stall-profile.ts PROFILE.cpuprofile STALLS.json [minMs]`: what the main thread
 * ran and what it slept in during the event-loop stalls a benchmark recorded (board-loop with
 * FRONTLINE_BENCH_STALLS=STALLS.json, under node --cpu-prof). For each stall of at least minMs
 * (default 30): where its time went (tests/bench/stall-watch.ts), then the profile's samples in its
 * window by our function (inclusive) and by V8's self time.
 */
const TICK_MS = 5;
const [profileFile, stallsFile, minArg] = process.argv.slice(2);
if (profileFile === undefined || stallsFile === undefined) throw new Error('usage: stall-profile.ts PROFILE.cpuprofile STALLS.json [minMs]');
const profile = readCpuProfile(profileFile, /\/(electron|shared|tests)\//);
const stalls = (JSON.parse(readFileSync(stallsFile, 'utf8')) as Stall[]).filter((s) => s.ms >= Number(minArg ?? 30));
const times = profile.times;

const top = (m: Map<string, number>, k: number): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([f, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${f}`)
    .join('\n');

for (const stall of stalls) {
  const from = stall.endUs - (stall.ms + TICK_MS) * 1000;
  const tally = emptyTally();
  for (let i = 0; i < times.length; i++) {
    const at = times[i] as number;
    if (at < from || at > stall.endUs) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = profile.leaf(i);
    if (leaf === undefined || leaf.callFrame.functionName === '(idle)') continue;
    profile.charge(tally, leaf, dt);
  }
  const { self, inclusive, total } = tally;
  console.log(`stall at ${describeStall(stall)}; profile non-idle ${total.toFixed(0)} ms`);
  if (total > 0) console.log(`  our code, inclusive:\n${top(inclusive, 14)}\n  self:\n${top(self, 8)}`);
}
