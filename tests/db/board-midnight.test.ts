import { afterEach, describe, expect, it } from 'vitest';
import type { BoardSnapshot } from '../../shared/contract/schemas/board';
import { fields, inbound, report } from '../support/call-reports';
import { ok } from '../support/dispatch-ok';
import { seededCoreWithHoldableBoard } from '../support/holdable-aggregator';
import { signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';

/** The board across midnight while its worker is slow: no row shows yesterday's figures today. */

let fx: SeededCore | null = null;
afterEach(async () => {
  await fx?.cleanup();
  fx = null;
});

describe('the board at midnight', () => {
  it("does not put yesterday's figures on a row when the worker answers for them after midnight", async () => {
    let clock = new Date().setHours(23, 50, 0, 0);
    const started = await seededCoreWithHoldableBoard(() => clock);
    fx = started.fx;
    const held = started.gate;
    const core = fx.core;
    const agent = await signedInContext(core, '6001');
    await ok(core.dispatch('agent.setState', { state: 'available' }, agent));
    const boss = await supervisorContext(core, '6900');
    await ok(core.dispatch('board.subscribe', {}, boss));
    const rowOf = async () => {
      await core.settled();
      return (await ok<BoardSnapshot>(core.dispatch('board.subscribe', {}, boss))).state.agents.find((a) => a.extension === '6001');
    };
    // 23:50 a call is handled: the row counts it.
    const { callId } = await report(core, agent, 'late', inbound('+442079460958'), clock);
    clock += 5_000;
    await report(core, agent, 'late', { type: 'answered' }, clock);
    clock += 60_000;
    await report(core, agent, 'late', { type: 'ended', reason: 'remote-hangup' }, clock);
    clock += 10_000;
    await ok(core.dispatch('wrapUp.submit', { callId, fields: fields() }, agent));
    expect((await rowOf())?.handled).toBe(1);

    // 23:59:58 the next caller rings. The worker is slow: the row's new figures (asked for in the background, ADR 0053)
    // and the day's figures the same turn waits for both come after midnight.
    held.hold('agents');
    held.hold('figures');
    clock = new Date(clock).setHours(23, 59, 58, 0);
    await report(core, agent, 'next', inbound('+442079460959'), clock);
    await expect.poll(() => held.waiting, { timeout: 5_000 }).toBe(2);
    clock = new Date(clock).setHours(24, 0, 5, 0);
    // The board notices the new day on its own within a second (no event needed), while that turn still waits.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The row's figures of 23:59:58 come first, then the turn ends.
    held.release('agents');
    await expect.poll(() => held.waiting, { timeout: 5_000 }).toBe(1);
    held.release('figures');

    const row = await rowOf();
    expect({ handled: row?.handled, aht: row?.aht.value, fcr: row?.fcr.value, state: row?.state }).toEqual({ handled: 0, aht: null, fcr: null, state: 'ringing' });
  });
});
