import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { VersionConflict, type Desk } from '../../electron/core/agents/desk-store';
import { createDeskWriter } from '../../electron/core/agents/desk-writer';
import type { Core } from '../../electron/core/create-core';
import type { Tx } from '../../electron/core/log/event-log';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import { fields, inbound, report } from '../support/call-reports';
import { FIXTURE_ANCHOR } from '../support/seeded-core';
import { describeOnEachStore, queryRow, queryRows, testStores, type StoreKind } from '../support/test-stores';

/**
 * Writers on one agent never interleave: a call report, the after-call time box running out and a
 * wrap-up submit, started together in any order with any spacing, leave exactly the state one of
 * the six serial orders leaves. (Each writer checks the desk's version inside its transaction.)
 */

type Op = 'report' | 'timer' | 'submit';
const OPS: readonly Op[] = ['report', 'timer', 'submit'];
const T0 = FIXTURE_ANCHOR;

const stores = testStores();

interface Scene {
  core: Core;
  ctx: CallContext;
  first: number;
  close(): Promise<void>;
}

/** An agent whose answered call has ended, with its 60 s time box already run out. */
async function scene(kind: StoreKind): Promise<Scene> {
  let clock = T0;
  const core = await stores.seededCore(kind, { customers: 20, seed: 7 }, { now: () => clock, settings: { acw: { mode: 'time-boxed', timeBoxS: 60, extendS: 30 } } });
  const ctx = newCallContext();
  const signIn = await core.dispatch('agent.signIn', { name: 'Race Agent', extension: '7001' }, ctx);
  if (!signIn.ok) throw new Error(signIn.error.message);
  await core.dispatch('agent.setState', { state: 'available' }, ctx);
  const { callId: first } = await report(core, ctx, 'call-a', inbound('+442079460001'), T0 + 1_000);
  await report(core, ctx, 'call-a', { type: 'answered' }, T0 + 3_000);
  await report(core, ctx, 'call-a', { type: 'ended', reason: 'remote-hangup' }, T0 + 30_000);
  clock = T0 + 30_000 + 61_000;
  return { core, ctx, first, close: () => core.close() };
}

function run(s: Scene, op: Op): Promise<unknown> {
  switch (op) {
    case 'report':
      return report(s.core, s.ctx, 'call-b', inbound('+442079460002'), T0 + 91_000);
    case 'timer':
      return s.core.endDueTimeBoxes();
    case 'submit':
      return s.core.dispatch('wrapUp.submit', { callId: s.first, fields: fields() }, s.ctx).then((r) => {
        if (!r.ok) throw new Error(r.error.message);
      });
  }
}

/** Everything the three writers can touch, without the ids that depend on order. */
async function stateOf(s: Scene): Promise<string> {
  await s.core.settled();
  const rows = (sql: string) => queryRows(s.core.store, sql);
  const presence = await rows('SELECT state, reason, at FROM agent_state_changes ORDER BY id');
  const desk = await rows('SELECT resting_state, resting_reason, next_state, next_reason, consecutive_misses FROM agent_desks');
  const calls = await rows('SELECT client_key, answered_at, ended_at, wrap_up_ended_at, wrap_up_deadline FROM calls ORDER BY client_key');
  const wrapUps = await rows('SELECT call_id, draft, submitted_at, closed_by, resolved FROM wrap_ups ORDER BY call_id');
  const events = await rows('SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type');
  return JSON.stringify({ presence, desk, calls, wrapUps, events });
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describeOnEachStore('writers on one agent (version check instead of a lock)', (kind) => {
  let serial: Map<string, string>;

  beforeAll(async () => {
    serial = new Map();
    for (const order of permutations(OPS)) {
      const s = await scene(kind);
      for (const op of order) await run(s, op);
      serial.set(await stateOf(s), order.join(' → '));
      await s.close();
    }
  }, 120_000);

  it('leave different states for different serial orders (the comparison can tell them apart)', () => {
    expect(serial.size).toBeGreaterThan(1);
  });

  // On PostgreSQL this failed at the 8th run (seed below) before the desk writer locked the agent (ADR 0036):
  // at READ COMMITTED the version check alone lets these writers interleave. Fewer runs there: a scene costs ~1 s.
  it('give the state of some serial order when a call report, the ACW timer and a submit race', async () => {
    const spacing = fc.array(fc.nat(3), { minLength: 3, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray([...OPS], { minLength: 3, maxLength: 3 }), spacing, async (order, gaps) => {
        const s = await scene(kind);
        try {
          const started = order.map(async (op, i) => {
            for (let k = 0; k < (gaps[i] ?? 0); k++) await new Promise((r) => setImmediate(r));
            return run(s, op);
          });
          await Promise.all(started);
          const state = await stateOf(s);
          expect([...serial.keys()], `after ${order.join(' ∥ ')} with gaps ${gaps.join(',')}`).toContain(state);
        } finally {
          await s.close();
        }
      }),
      { numRuns: kind === 'postgres' ? 12 : 30, seed: 20261201 },
    );
  }, 300_000);
});

describeOnEachStore('the desk version check', (kind) => {
  it('retries the whole transaction when another writer saved the desk in between, and refuses after repeated conflicts', async () => {
    const s = await scene(kind);
    try {
      const agentId = (s.ctx.session.agent as { id: number }).id;
      const writer = createDeskWriter(s.core.log, () => T0 + 200_000);
      const versionNow = async () => ((await queryRow(s.core.store, 'SELECT version FROM agent_desks WHERE agent_id = ?', agentId)) as { version: number }).version;
      const before = await versionNow();
      let attempts = 0;
      // Another writer bumps the stored version after we read it: our save must not overwrite it.
      const bumpOnce = async (tx: Tx, desk: Desk) => {
        attempts += 1;
        if (attempts === 1) await tx.updateTable('agent_desks').set({ version: desk.version + 1 }).where('agent_id', '=', agentId).execute();
        desk.next = { state: 'break', reason: 'Lunch' };
      };
      await writer.change(agentId, bumpOnce);
      expect(attempts).toBe(2);
      // The bump was rolled back with the failed attempt; the retry saved once.
      expect(await versionNow()).toBe(before + 1);

      let tries = 0;
      const alwaysBumped = async (tx: Tx, desk: Desk) => {
        tries += 1;
        await tx.updateTable('agent_desks').set({ version: desk.version + 1 }).where('agent_id', '=', agentId).execute();
      };
      await expect(writer.change(agentId, alwaysBumped)).rejects.toBeInstanceOf(VersionConflict);
      expect(tries).toBeGreaterThan(1);
      expect(await versionNow()).toBe(before + 1);
    } finally {
      await s.close();
    }
  });
});
