/**
 * What today's copy of the day costs per call, measured without a clock: the simulated floor runs
 * N events (one after another, `floor.step`) against a core on a temp file, then today's legs and
 * presence are read as the metrics service reads them, cloned as the worker receives them, and
 * loaded into today's in-memory index. Heap after a full collection, before and after; bytes per
 * call and per presence change. `npx tsx tests/bench/today-bytes.ts [--events 20000] [--agents 100] [--snapshot FILE]`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deserialize, serialize, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openSqliteStore } from '../../electron/core/db/store';
import { createCore } from '../../electron/core/create-core';
import { createLogger } from '../../electron/core/log';
import { createMetricsRepository } from '../../electron/core/metrics/metrics-repository';
import { startOfDay, type TodayChange } from '../../electron/core/metrics/metrics-service';
import { createAggregateReplica } from '../../electron/core/board/aggregate-replica';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { DEFAULT_METRIC_SETTINGS } from '../../shared/domain/metrics/types';
import { createFloor } from '../support/floor-sim';
import { tempDir } from '../support/temp-dir';
import { TEAMS } from './board.bench';

const { values } = parseArgs({ options: { events: { type: 'string', default: '5000' }, agents: { type: 'string', default: '100' }, copies: { type: 'string', default: '20' }, snapshot: { type: 'string' } } });
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  gc();
  // Typed arrays' memory is outside the JS heap proper (today's presence columns).
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const tmp = tempDir();
const file = join(tmp.dir, 'today-bytes.db');
await seedDatabaseFile(file, { customers: 5_000, seed: 42, anchor: Date.now() });
const core = await createCore({ quickStart: true, store: openSqliteStore(file), logger: createLogger('bench', 'warn'), validateOutput: false });
const floor = await createFloor(core, { agents: Number(values.agents), eventsPerSecond: 50, seed: 11, teams: TEAMS });
const t0 = performance.now();
await floor.step(Number(values.events));
console.log(`floor: ${floor.events} events in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${floor.errors.length} refused`);
await floor.stop();

const now = Date.now();
const range = { from: startOfDay(now), to: startOfDay(now) + 86_400_000 };
const repository = createMetricsRepository(core.connection.db);
const floorLegs = await repository.legsFor(range, DEFAULT_METRIC_SETTINGS.fcrWindowMs);
const floorStates = await repository.statesFor(range);
// The floor's day, copied (new ids, callers and times) so the day is big enough for the heap's noise (±0.5 MB) not to matter.
const copies = Number(values.copies);
const span = Math.max(...floorLegs.map((l) => l.id)) + 1;
const shift = (t: number | null, k: number) => (t === null ? null : t + k);
const legs = Array.from({ length: copies }, (_, k) =>
  floorLegs.map((l) => ({
    ...l,
    id: l.id + k * span,
    contactKey: l.contactKey === String(l.id) ? String(l.id + k * span) : `${l.contactKey}-${k}`,
    transferredFromLegId: l.transferredFromLegId === null ? null : l.transferredFromLegId + k * span,
    callerE164: l.callerE164 === null ? null : `${l.callerE164.slice(0, -2)}${String(k).padStart(2, '0')}`,
    queuedAt: shift(l.queuedAt, k), offeredAt: shift(l.offeredAt, k), answeredAt: shift(l.answeredAt, k), endedAt: shift(l.endedAt, k),
    wrapUpEndedAt: shift(l.wrapUpEndedAt, k), abandonedAt: shift(l.abandonedAt, k), holds: l.holds.map((h) => ({ start: h.start + k, end: shift(h.end, k) })),
  })),
).flat();
const states = Array.from({ length: copies }, (_, k) => floorStates.map((s) => ({ ...s, at: s.at + k }))).flat();
const reset: TodayChange = { kind: 'reset', range, legs, states };
await core.close();
tmp.cleanup();
const wire = serialize({ kind: 'changes', changes: [reset] });
const calls = legs.length;
console.log(`today: ${calls} calls, ${states.length} presence changes (the floor's ${floorLegs.length} and ${floorStates.length}, ×${copies}); the reset message is ${(wire.length / 2 ** 20).toFixed(2)} MB on the wire`);

// What the worker keeps: the replica after the reset message, nothing else alive. A first replica
// (dropped) compiles and warms the code, which would otherwise count in a small day's bytes.
// (In a function of its own: a dead temporary in this frame's registers would stay reachable.)
const warmUp = () => void createAggregateReplica()(deserialize(wire));
warmUp();
const before = heap();
if (values.snapshot !== undefined) console.log(`heap snapshot: ${writeHeapSnapshot(`${values.snapshot}-before.heapsnapshot`)}`);
const load = () => {
  const r = createAggregateReplica();
  r(deserialize(wire));
  return r;
};
const replica = load();
const after = heap();
const kept = after - before;
console.log(`replica keeps ${(kept / 2 ** 20).toFixed(2)} MB: ${Math.round(kept / calls)} bytes per call (presence included; ${(states.length / calls).toFixed(2)} changes per call)`);
if (values.snapshot !== undefined) console.log(`heap snapshot: ${writeHeapSnapshot(`${values.snapshot}-after.heapsnapshot`)}`);
// Keep the replica alive until here.
if (replica({ kind: 'usage', id: 1 }) === null) throw new Error('no answer');
