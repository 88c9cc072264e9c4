import { openSqliteStore } from '../../electron/core/db/store';
import { WebSocket } from 'ws';
import { createCore } from '../../electron/core/create-core';
import { newCallContext } from '../../electron/core/dispatch/call-context';
import { createLogger } from '../../electron/core/log';
import { BENCH_LIMITS } from '../support/bench-limits';
import { startHttpHost } from '../../electron/server/http-host';
import { formatE164 } from '../../shared/domain/phone';
import { benchDatabase } from './bench-database';
import { seededRandom } from '../../electron/core/seed/random';
import { elapsedMs, printLatencyTable } from './stats';

/**
 * crm.lookupByPhone on the 1M-customer database: in-process (dispatch with input and output
 * validation, the path IPC takes) and through the WebSocket host (a real socket round trip).
 * Goal from the issue: in-process p99 ≤ 1 ms.
 */
export async function lookupBench(args: { customers: number; samples: number }): Promise<void> {
  const file = await benchDatabase(args.customers);
  const core = await createCore({ quickStart: true, store: openSqliteStore(file), logger: createLogger('bench', 'warn') });
  const ctx = newCallContext();
  await core.dispatch('agent.signIn', { name: 'Bench', extension: 'bench' }, ctx);
  const count = (core.connection.raw.prepare('SELECT max(id) AS n FROM customers').get() as { n: number }).n;
  const lines = (core.connection.raw.prepare('SELECT max(id) AS n FROM order_lines').get() as { n: number }).n;
  console.log(`database: ${file} — ${count} customers, ${lines} order lines`);

  // Callers: 90% known customers (random primary numbers, half written in national format), 10% unknown numbers.
  const r = seededRandom(1);
  const primary = core.connection.raw.prepare<[number], { e164: string }>(
    'SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY is_primary DESC LIMIT 1',
  );
  const callers: string[] = [];
  for (let i = 0; i < args.samples; i++) {
    if (r.chance(0.1)) callers.push(`+4479${String(r.int(0, 99_999_999)).padStart(8, '0')}`);
    else {
      const e164 = primary.get(r.int(1, count))?.e164 ?? '+442079460958';
      callers.push(r.chance(0.5) ? e164 : formatE164(e164));
    }
  }

  const run = async (n: number, target = core): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const phone = callers[i % callers.length] as string;
      const t = process.hrtime.bigint();
      const res = await target.dispatch('crm.lookupByPhone', { phone }, ctx);
      out.push(elapsedMs(t));
      if (!res.ok) throw new Error(res.error.message);
    }
    return out;
  };
  await run(1_000); // warm caches and JIT
  const inProcess = await run(args.samples);
  // As the hosts run it (no output check), and with the check the tests use: what that check costs.
  const unchecked = await createCore({ quickStart: true, store: openSqliteStore(file), logger: createLogger('bench', 'warn'), validateOutput: false });
  await unchecked.dispatch('agent.signIn', { name: 'Bench', extension: 'bench' }, ctx);
  await run(1_000, unchecked);
  const inProcessUnchecked = await run(args.samples, unchecked);
  await unchecked.close();

  const host = await startHttpHost({ core, staticDir: null, limits: BENCH_LIMITS });
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}api`);
  await new Promise((resolve) => ws.once('open', resolve));
  const request = (id: number, method: string, params: unknown): Promise<void> =>
    new Promise((resolve) => {
      ws.once('message', () => resolve());
      ws.send(JSON.stringify({ id, method, params }));
    });
  await request(0, 'agent.signIn', { name: 'Bench', extension: 'bench' });
  const wsSamples: number[] = [];
  const wsCount = Math.min(args.samples, 5_000);
  for (let i = 0; i < 500 + wsCount; i++) {
    const t = process.hrtime.bigint();
    await request(i + 1, 'crm.lookupByPhone', { phone: callers[i % callers.length] });
    if (i >= 500) wsSamples.push(elapsedMs(t));
  }
  ws.close();
  await host.close();
  await core.close();

  printLatencyTable(`crm.lookupByPhone on ${count} customers / ${lines} order lines (goal: in-process p99 ≤ 1 ms)`, [
    { label: 'in-process, as hosts run it', samplesMs: inProcessUnchecked },
    { label: 'in-process + output check', samplesMs: inProcess },
    { label: 'WebSocket round trip', samplesMs: wsSamples },
  ]);
}
