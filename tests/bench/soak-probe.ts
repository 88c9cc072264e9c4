/**
 * A node-only soak probe (no Chromium, no WebSocket host): the soak's floor driving a core with a
 * supervisor's board subscribed, sampled every 15 s after a full collection on both threads (main
 * and board worker), with a CPU profile of the main thread 60 s in and in the last 35 s and, with
 * --heap, heap snapshots at the same two points (compare them by constructor). A diagnostic, not a
 * benchmark with a verdict: `npx tsx tests/bench/soak-probe.ts --rate 120 --minutes 5 --out DIR [--heap]`.
 * FRONTLINE_PROBE_POSTS=1 also counts what is posted to the board worker, by message kind.
 */
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { openSqliteStore } from '../../electron/core/db/store';
import { upsertSupervisor } from '../../electron/core/agents/supervisors';
import type { BoardAggregator } from '../../electron/core/board/aggregate-thread';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createFloor } from '../support/floor-sim';
import { tempDir } from '../support/temp-dir';
import { SUPERVISOR, TEAMS } from './board.bench';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '150' }, minutes: { type: 'string', default: '6' }, agents: { type: 'string', default: '500' }, out: { type: 'string', default: '/tmp/soak-probe' }, heap: { type: 'boolean', default: false } } });
const rate = Number(values.rate);
const seconds = Number(values.minutes) * 60;
const out = values.out as string;
mkdirSync(out, { recursive: true });
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Bytes posted to the board worker, by message kind (FRONTLINE_PROBE_POSTS=1). */
const posted = new Map<string, { n: number; bytes: number }>();
if (process.env.FRONTLINE_PROBE_POSTS === '1') {
  const original = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: never[]) {
    const kind = (message as { kind?: string }).kind ?? '?';
    const e = posted.get(kind) ?? { n: 0, bytes: 0 };
    e.n++;
    e.bytes += serialize(message).length;
    posted.set(kind, e);
    return original.call(this, message, ...rest);
  } as typeof original;
}
const tmp = tempDir();
const dbFile = join(tmp.dir, 'probe.db');
await seedDatabaseFile(dbFile, { customers: 5_000, seed: 42, anchor: Date.now() });
let aggregator: BoardAggregator | null = null;
const core = await createCore({ quickStart: true, store: openSqliteStore(dbFile), logger: createLogger('bench', 'warn'), validateOutput: false, wrapBoardAggregator: (real) => (aggregator = real) });
await upsertSupervisor(core.connection.db, SUPERVISOR, Date.now());
const floor = await createFloor(core, { agents: Number(values.agents), eventsPerSecond: rate, seed: 11, teams: TEAMS });
const boss = newCallContext();
const signedIn = await core.dispatch('agent.signIn', SUPERVISOR, boss);
if (!signedIn.ok) throw new Error(`supervisor sign-in: ${signedIn.error.message}`);
const subscribed = await core.dispatch('board.subscribe', {}, boss);
if (!subscribed.ok) throw new Error(`board.subscribe: ${subscribed.error.message}`);
let deltas = 0;
let deltaBytes = 0;
core.hub.subscribe((event, d) => {
  if (event !== 'board.delta') return;
  deltas++;
  deltaBytes += JSON.stringify(d).length;
});
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });
async function profile(name: string, ms: number) {
  await session.post('Profiler.start');
  await new Promise((r) => setTimeout(r, ms));
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(join(out, `${name}.cpuprofile`), JSON.stringify(profile));
}
floor.start();
const started = performance.now();
let lastCpu = process.cpuUsage();
let lastAt = performance.now();
const sample = async (label: string) => {
  const cpu = process.cpuUsage(lastCpu);
  const wall = performance.now() - lastAt;
  gc();
  const w = await (aggregator as BoardAggregator | null)?.usage({ collect: true });
  const m = process.memoryUsage();
  const status = readFileSync('/proc/self/status', 'utf8');
  const anon = Number(/^RssAnon:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;
  console.log(`${label} t=${Math.round((performance.now() - started) / 1000)}s events=${floor.events} cpu ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1)}% heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MB ext ${(m.external / 2 ** 20).toFixed(1)} anon ${anon.toFixed(0)} rss ${(m.rss / 2 ** 20).toFixed(0)} worker heap ${((w?.heapUsedBytes ?? 0) / 2 ** 20).toFixed(1)} busy ${((w?.busy ?? 0) * 100).toFixed(0)}% deltas ${deltas} bytes ${(deltaBytes / 2 ** 20).toFixed(1)}MB`);
  if (posted.size > 0) console.log('  posted to worker', JSON.stringify(Object.fromEntries(posted)));
  posted.clear();
  lastCpu = process.cpuUsage();
  lastAt = performance.now();
};
const early = 60_000;
let earlyDone = false;
while (performance.now() - started < seconds * 1000) {
  const t = performance.now() - started;
  if (t >= early && !earlyDone) {
    earlyDone = true;
    await sample('pre-early');
    await profile('early', 30_000);
    await sample('early');
    if (values.heap) { gc(); console.log('snapshot', writeHeapSnapshot(join(out, 'early.heapsnapshot'))); lastCpu = process.cpuUsage(); lastAt = performance.now(); }
    continue;
  }
  if (t >= seconds * 1000 - 35_000) {
    await sample('pre-late');
    await profile('late', 30_000);
    await sample('late');
    if (values.heap) { gc(); console.log('snapshot', writeHeapSnapshot(join(out, 'late.heapsnapshot'))); }
    break;
  }
  await new Promise((r) => setTimeout(r, 15_000));
  await sample('sample');
}
await floor.stop();
session.disconnect();
await core.close();
tmp.cleanup();
process.exit(0);
