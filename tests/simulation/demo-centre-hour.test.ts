import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LINE_MEAN_INTERVAL_MS } from '../../electron/core/create-core';
import { newCallContext, type CallContext } from '../../electron/core/dispatch/call-context';
import type { DemoCallOffer } from '../../shared/contract/schemas/demo-line';
import type { MetricsReport } from '../../shared/contract/schemas/metrics';
import { fields, inbound, report } from '../support/call-reports';
import { seededCore, supervisorContext, type SeededCore } from '../support/seeded-core';

/**
 * The demo centre as a new user meets it: the core's own demo line offers calls to available
 * agents (its waits and talk times), the agents answer after a few seconds of ringing, talk until
 * the demo caller hangs up and wrap up; one simulated hour through the real write path, then the
 * centre's service level against its target.
 */
const AGENTS = 6;
const HOUR_S = 3600;
const START = Date.UTC(2026, 10, 30, 9, 0, 0);

interface SimAgent {
  ctx: CallContext;
  key: string | null;
  callId: number | null;
  /** Seconds (of the hour) when the next step happens. */
  answerAt: number;
  endAt: number;
  readyAt: number;
  phase: 'idle' | 'ringing' | 'talking' | 'wrap-up';
}

let fx: SeededCore;
let clock = START;

beforeAll(async () => {
  fx = await seededCore(500, () => clock);
});
afterAll(async () => {
  await fx?.cleanup();
});

/** A small deterministic generator for the agents' own behaviour (answer and wrap-up times). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('the demo centre over one simulated hour', () => {
  it('runs within ±10 points of its service-level target', async () => {
    const rand = lcg(7);
    const agents: SimAgent[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const ctx = newCallContext();
      const signedIn = await fx.core.dispatch('agent.signIn', { name: `Demo Agent ${i}`, extension: String(7100 + i) }, ctx);
      expect(signedIn.ok).toBe(true);
      expect((await fx.core.dispatch('agent.setState', { state: 'available' }, ctx)).ok).toBe(true);
      agents.push({ ctx, key: null, callId: null, answerAt: 0, endAt: 0, readyAt: 0, phase: 'idle' });
    }
    let offered = 0;
    for (let s = 0; s < HOUR_S; s++) {
      clock = START + s * 1000;
      for (const [i, a] of agents.entries()) {
        if (a.phase === 'idle' && rand() < 1000 / DEMO_LINE_MEAN_INTERVAL_MS) {
          const r = await fx.core.dispatch('demoLine.callNow', {}, a.ctx);
          if (!r.ok) throw new Error(r.error.message);
          const offer = r.value as DemoCallOffer;
          a.key = `demo-${i}-${++offered}`;
          const sent = await report(fx.core, a.ctx, a.key, inbound(offer.e164, { queue: offer.queue, waitedMs: offer.waitedSeconds * 1000 }), clock);
          a.callId = sent.callId;
          a.answerAt = s + 2 + Math.floor(rand() * 5); // a person answers in 2–6 s
          a.endAt = a.answerAt + offer.talkSeconds;
          a.phase = 'ringing';
        } else if (a.phase === 'ringing' && s >= a.answerAt) {
          await report(fx.core, a.ctx, a.key as string, { type: 'answered' }, clock);
          a.phase = 'talking';
        } else if (a.phase === 'talking' && s >= a.endAt) {
          await report(fx.core, a.ctx, a.key as string, { type: 'ended', reason: 'remote-hangup' }, clock);
          a.readyAt = s + 10 + Math.floor(rand() * 30);
          a.phase = 'wrap-up';
        } else if (a.phase === 'wrap-up' && s >= a.readyAt) {
          const done = await fx.core.dispatch('wrapUp.submit', { callId: a.callId, fields: fields() }, a.ctx);
          if (!done.ok) throw new Error(done.error.message);
          if ((done.value as { status: { state: string } }).status.state !== 'available') {
            await fx.core.dispatch('agent.setState', { state: 'available' }, a.ctx);
          }
          a.phase = 'idle';
        }
      }
    }
    const boss = await supervisorContext(fx.core);
    const r = await fx.core.dispatch('metrics.query', { scope: { kind: 'all' }, range: { from: START, to: START + HOUR_S * 1000 } }, boss);
    if (!r.ok) throw new Error(r.error.message);
    const sl = (r.value as MetricsReport).metrics.find((m) => m.metric === 'service_level_pct');
    const target = sl?.target?.target ?? null;
    console.log(`demo centre, one simulated hour: ${offered} calls offered, service level ${sl?.value?.toFixed(1)} % (${sl?.numerator}/${sl?.denominator}) against a target of ${target} %`);
    expect(offered).toBeGreaterThan(120);
    expect(target).not.toBeNull();
    expect(Math.abs((sl?.value ?? 0) - (target as number))).toBeLessThanOrEqual(10);
  }, 120_000);
});
