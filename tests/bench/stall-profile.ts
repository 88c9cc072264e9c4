import { readFileSync } from 'node:fs';
import { describeStall, type Stall } from './stall-watch';

/**
 * `npx tsx tests/bench/stall-profile.ts PROFILE.cpuprofile STALLS.json [minMs]`: what the main thread
 * ran and what it slept in during the event-loop stalls a benchmark recorded (board-loop with
 * FRONTLINE_BENCH_STALLS=STALLS.json, under node --cpu-prof). For each stall of at least minMs
 * (default 30): where its time went (tests/bench/stall-watch.ts), then the profile's samples in its
 * window by our function (inclusive) and by V8's self time.
 */
interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const TICK_MS = 5;
const [profileFile, stallsFile, minArg] = process.argv.slice(2);
if (profileFile === undefined || stallsFile === undefined) throw new Error('usage: stall-profile.ts PROFILE.cpuprofile STALLS.json [minMs]');
const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
const stalls = (JSON.parse(readFileSync(stallsFile, 'utf8')) as Stall[]).filter((s) => s.ms >= Number(minArg ?? 30));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: CpuNode): string => {
  const file = n.callFrame.url.replace(/^.*\/(electron|shared|tests|node_modules)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};
const ours = (n: CpuNode): boolean => /\/(electron|shared|tests)\//.test(n.callFrame.url) && !n.callFrame.url.includes('node_modules');

// Sample times (µs, the monotonic clock process.hrtime uses).
const times: number[] = [];
let t = profile.startTime;
for (const d of profile.timeDeltas) times.push((t += d));

const top = (m: Map<string, number>, k: number): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([f, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${f}`)
    .join('\n');

for (const stall of stalls) {
  const from = stall.endUs - (stall.ms + TICK_MS) * 1000;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < times.length; i++) {
    const at = times[i] as number;
    if (at < from || at > stall.endUs) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(profile.samples[i] as number);
    if (leaf === undefined || leaf.callFrame.functionName === '(idle)') continue;
    total += dt;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id) as CpuNode;
      if (!ours(n) || seen.has(name(n))) continue;
      seen.add(name(n));
      inclusive.set(name(n), (inclusive.get(name(n)) ?? 0) + dt);
    }
  }
  console.log(`stall at ${describeStall(stall)}; profile non-idle ${total.toFixed(0)} ms`);
  if (total > 0) console.log(`  our code, inclusive:\n${top(inclusive, 14)}\n  self:\n${top(self, 8)}`);
}
