import { readFileSync } from 'node:fs';
import type { AskWindow } from './routing.bench';

/**
 * `npx tsx tests/bench/ask-profile.ts PROFILE.cpuprofile ASKS.json [slowestPct]`: what the main thread ran
 * inside the routing decisions the routing bench measured (FRONTLINE_ROUTING_BENCH=decision,
 * FRONTLINE_ROUTING_ASKS=ASKS.json, under `node --cpu-prof --cpu-prof-interval 50`): the profile's samples
 * inside every ask's window, then inside the slowest `slowestPct` % (default 1), by our function (inclusive)
 * and by self time (V8's own frames: `(garbage collector)`, `(program)`).
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

const [profileFile, asksFile, pctArg] = process.argv.slice(2);
if (profileFile === undefined || asksFile === undefined) throw new Error('usage: ask-profile.ts PROFILE.cpuprofile ASKS.json [slowestPct]');
const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
const asks = JSON.parse(readFileSync(asksFile, 'utf8')) as AskWindow[];

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: CpuNode): string => {
  const file = n.callFrame.url.replace(/^.*\/(electron|shared|tests|node_modules)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};
const ours = (n: CpuNode): boolean => /\/(electron|shared)\//.test(n.callFrame.url) && !n.callFrame.url.includes('node_modules');

// Sample times (µs on process.hrtime's clock) and each sample's duration (until the next one).
const times: number[] = [];
let t = profile.startTime;
for (const d of profile.timeDeltas) times.push((t += d));
/** The sampling interval (ms): the median gap between samples. */
const interval = ([...profile.timeDeltas].sort((a, b) => a - b)[profile.timeDeltas.length >> 1] ?? 0) / 1000;

function summarise(label: string, windows: AskWindow[]): void {
  const sorted = [...windows].sort((a, b) => a.startUs - b.startUs);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
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
    const leaf = byId.get(profile.samples[i] as number);
    if (leaf === undefined) continue;
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
