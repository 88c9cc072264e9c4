import { readFileSync } from 'node:fs';

/**
 * `npx tsx tests/bench/heap-sites.ts FILE.heapprofile [n]`: the bytes a sampling heap profile saw allocated, by the
 * allocating function (self) and by our functions on the stack (inclusive), largest first.
 */
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const [file, nArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: heap-sites.ts FILE.heapprofile [n]');
const root = (JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head;
const name = (n: HeapNode): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(electron|shared|tests|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const ours = (n: HeapNode): boolean => /\/(electron|shared)\//.test(n.callFrame.url) && !n.callFrame.url.includes('node_modules');
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
function walk(n: HeapNode, stack: string[]): void {
  const here = ours(n) && !stack.includes(name(n)) ? [...stack, name(n)] : stack;
  if (n.selfSize > 0) {
    total += n.selfSize;
    self.set(name(n), (self.get(name(n)) ?? 0) + n.selfSize);
    for (const f of here) inclusive.set(f, (inclusive.get(f) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, here);
}
walk(root, []);
const n = Number(nArg ?? 30);
const top = (m: Map<string, number>): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([f, bytes]) => `  ${(bytes / 1048576).toFixed(1).padStart(8)} MB ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${f}`)
    .join('\n');
console.log(`${(total / 1048576).toFixed(1)} MB sampled\nour code, inclusive:\n${top(inclusive)}\nself:\n${top(self)}`);
