import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/dispatch/call-context';
import type { BoardDelta, BoardSnapshot } from '../../shared/contract/schemas/board';
import { inbound, report } from '../support/call-reports';
import { signedInContext, supervisorContext, type SeededCore } from '../support/seeded-core';
import { ok } from '../support/dispatch-ok';
import { seededCoreWithHoldableBoard } from '../support/holdable-aggregator';

/**
 * ADR 0053: an agent's row goes out as soon as its state changes, without waiting for the day's
 * queue, team and centre figures the board's worker computes; those follow in a later delta,
 * and are never left without one.
 */

let fx: SeededCore | null = null;
afterEach(async () => {
  await fx?.cleanup();
  fx = null;
});

async function boardWithHeldFigures() {
  const clock = Date.now();
  const started = await seededCoreWithHoldableBoard(() => clock);
  fx = started.fx;
  const gate = started.gate;
  const core = fx.core;
  const agent = await signedInContext(core, '6001');
  const colleague = await signedInContext(core, '6002');
  for (const ctx of [agent, colleague]) await ok(core.dispatch('agent.setState', { state: 'available' }, ctx));
  const boss = await supervisorContext(core, '6900');
  const deltas: BoardDelta[] = [];
  core.subscribe(boss, (event, payload) => event === 'board.delta' && deltas.push(payload as BoardDelta));
  const first = await ok<BoardSnapshot>(core.dispatch('board.subscribe', {}, boss));
  await core.settled();
  const rowsOf = (extension: string) => deltas.flatMap((d) => d.changes).flatMap((c) => (c.kind === 'agent' && c.row.extension === extension ? [c.row] : []));
  /** Centre strips sent that count a caller waiting (built after the call rang, from the figures the worker computed then). */
  const centresWithWaiting = () => deltas.flatMap((d) => d.changes).filter((c) => c.kind === 'centre' && c.centre.waiting > 0);
  return { core, clock, agent: agent as CallContext, colleague: colleague as CallContext, gate, deltas, first, rowsOf, centresWithWaiting };
}

describe("the board's rows do not wait for the day's figures (ADR 0053)", () => {
  it("sends a ringing agent's row while the worker still computes the day's figures, and the figures in a later delta", async () => {
    const b = await boardWithHeldFigures();
    b.gate.hold();
    await report(b.core, b.agent, 'c1', inbound('+442079460958'), b.clock);
    // The turn for that call is waiting on the held figures; a colleague's event (a busy floor) lets its rows go.
    await expect.poll(() => b.gate.waiting).toBe(1);
    await ok(b.core.dispatch('agent.setState', { state: 'break', reason: 'Lunch' }, b.colleague));
    await expect.poll(() => b.rowsOf('6001').some((r) => r.state === 'ringing'), { timeout: 5_000 }).toBe(true);
    expect(b.gate.waiting).toBe(1);
    expect(b.centresWithWaiting()).toEqual([]);

    b.gate.release();
    // The held figures count the ringing call: they go out with the next delta, which the colleague's event numbers.
    await expect.poll(() => b.rowsOf('6002').some((r) => r.state === 'break'), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => b.centresWithWaiting().length, { timeout: 5_000 }).toBeGreaterThan(0);
    const seqs = b.deltas.map((d) => d.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(b.deltas.map((d) => d.prev)).toEqual([b.first.seq, ...seqs.slice(0, -1)]);
  });

  it('on a quiet floor, holds the delta until the figures come rather than leave them no later delta to go out in', async () => {
    const b = await boardWithHeldFigures();
    b.gate.hold();
    const sent = b.deltas.length;
    await report(b.core, b.agent, 'c1', inbound('+442079460958'), b.clock);
    await expect.poll(() => b.gate.waiting).toBe(1);
    // Nothing newer in the log: a delta now would leave the figures for this same log position stranded.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.deltas.length).toBe(sent);

    b.gate.release();
    await expect.poll(() => b.deltas.length, { timeout: 5_000 }).toBe(sent + 1);
    const last = b.deltas.at(-1) as BoardDelta;
    expect(last.changes.some((c) => c.kind === 'agent' && c.row.extension === '6001' && c.row.state === 'ringing')).toBe(true);
    expect(last.changes.some((c) => c.kind === 'centre' && c.centre.waiting === 1)).toBe(true);
  });

  it('on a quiet floor, sends the figures the back-off held back once it ends, without waiting for another event (ADR 0077)', async () => {
    const b = await boardWithHeldFigures();
    // A slow turn (the figures held 1 s) makes the next ones wait a few times as long.
    b.gate.hold();
    await report(b.core, b.agent, 'c1', inbound('+442079460958'), b.clock);
    await expect.poll(() => b.gate.waiting).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    b.gate.release();
    await expect.poll(() => b.centresWithWaiting().length, { timeout: 5_000 }).toBeGreaterThan(0);

    // The caller is answered inside the back-off: the row goes out at once, the centre's figures cannot yet.
    await report(b.core, b.agent, 'c1', { type: 'answered' }, b.clock);
    await expect.poll(() => b.rowsOf('6001').some((r) => r.state === 'on-call'), { timeout: 5_000 }).toBe(true);
    const centres = () => b.deltas.flatMap((d) => d.changes.flatMap((c) => (c.kind === 'centre' ? [c.centre] : [])));
    expect(centres().at(-1)?.waiting).toBe(1);
    const answeredAt = (b.deltas.at(-1) as BoardDelta).seq;

    // Nothing else happens on the floor: the back-off's end alone brings the centre up to date.
    await expect.poll(() => centres().at(-1)?.waiting, { timeout: 15_000 }).toBe(0);
    const last = b.deltas.at(-1) as BoardDelta;
    expect(last.seq).toBeGreaterThan(answeredAt);
    expect(last.seq).toBeLessThan(answeredAt + 1);
    const seqs = b.deltas.map((d) => d.seq);
    expect(b.deltas.map((d) => d.prev)).toEqual([b.first.seq, ...seqs.slice(0, -1)]);
    // A board that missed the deferred delta gets it on resync; one built now shows the same centre.
    const boss = await supervisorContext(b.core, '6900');
    const caughtUp = await ok<{ kind: string; deltas: BoardDelta[] }>(b.core.dispatch('board.resync', { since: answeredAt }, boss));
    expect(caughtUp).toEqual({ kind: 'deltas', deltas: [last] });
    const now = await ok<BoardSnapshot>(b.core.dispatch('board.subscribe', {}, boss));
    expect(now.seq).toBe(last.seq);
    expect(now.state.centre).toEqual(centres().at(-1));
  });
});
