import { readFileSync } from 'node:fs';

/** A V8 CPU profile as `node --cpu-prof` writes it. */
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

/** Time charged to functions: by the sampled frame itself, and inclusive for our own code on its stack. */
export interface ProfileTally {
  self: Map<string, number>;
  inclusive: Map<string, number>;
  total: number;
}

export const emptyTally = (): ProfileTally => ({ self: new Map(), inclusive: new Map(), total: 0 });

/**
 * A CPU profile read for the bench's window tools (ask-profile.ts, stall-profile.ts): each sample's
 * time (µs, the monotonic clock process.hrtime uses) and a way to charge one sample to a tally.
 * `ours`: which script URLs count as our code for the inclusive figures.
 */
export function readCpuProfile(file: string, ours: RegExp) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: CpuNode): string => {
    const url = n.callFrame.url.replace(/^.*\/(electron|shared|tests|node_modules)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
  };
  const isOurs = (n: CpuNode): boolean => ours.test(n.callFrame.url) && !n.callFrame.url.includes('node_modules');
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  return {
    times,
    timeDeltas: profile.timeDeltas,
    /** The sampled frame of sample i, if the profile has it. */
    leaf: (i: number): CpuNode | undefined => byId.get(profile.samples[i] as number),
    /** Charges `dt` ms of sample i's leaf to the tally: self to the leaf, inclusive once to each of our frames above it. */
    charge(tally: ProfileTally, leaf: CpuNode, dt: number): void {
      tally.total += dt;
      tally.self.set(name(leaf), (tally.self.get(name(leaf)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const n = byId.get(id) as CpuNode;
        if (!isOurs(n) || seen.has(name(n))) continue;
        seen.add(name(n));
        tally.inclusive.set(name(n), (tally.inclusive.get(name(n)) ?? 0) + dt);
      }
    },
  };
}
