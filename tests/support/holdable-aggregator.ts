import type { BoardAggregator } from '../../electron/core/board/aggregate-thread';
import { seededCore, type SeededCore } from './seeded-core';

/**
 * The board's real aggregator (its worker computes every answer), whose answers a test can hold
 * back and let go: the day's figures (queue, team, centre) or the agents' row figures.
 */
export function holdableAggregator(real: BoardAggregator) {
  const gates = { figures: null as Promise<void> | null, agents: null as Promise<void> | null };
  const releases = { figures: () => {}, agents: () => {} };
  let waiting = 0;
  const held = async <T>(kind: keyof typeof gates, answer: Promise<T>): Promise<T> => {
    const gate = gates[kind];
    if (gate !== null) {
      waiting += 1;
      await gate;
      waiting -= 1;
    }
    return answer;
  };
  const aggregator: BoardAggregator = {
    get thread() {
      return real.thread;
    },
    figures: (request) => held('figures', real.figures(request)),
    agentFigures: (request) => held('agents', real.agentFigures(request)),
    usage: (options) => real.usage(options),
    close: () => real.close(),
  };
  return {
    aggregator,
    /** Hold the answers of this kind asked from now on (default: the day's figures). */
    hold(kind: keyof typeof gates = 'figures') {
      gates[kind] = new Promise<void>((resolve) => (releases[kind] = resolve));
    },
    release(kind: keyof typeof gates = 'figures') {
      gates[kind] = null;
      releases[kind]();
    },
    /** Answers held back now. */
    get waiting() {
      return waiting;
    },
  };
}

export type HoldableAggregator = ReturnType<typeof holdableAggregator>;

/** A seeded core (30 customers) on this clock whose board answers can be held. */
export async function seededCoreWithHoldableBoard(now: () => number): Promise<{ fx: SeededCore; gate: HoldableAggregator }> {
  let gate: HoldableAggregator | null = null;
  const fx = await seededCore(30, now, {
    wrapBoardAggregator: (real) => {
      gate = holdableAggregator(real);
      return gate.aggregator;
    },
  });
  if (gate === null) throw new Error('the core did not take the wrapped aggregator');
  return { fx, gate };
}
