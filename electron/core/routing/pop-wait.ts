/** How long the router holds an agent decision for the desk to say its pop is painted (ADR 0048). */
export const POP_WAIT_MS = 250;

interface Waiter {
  waiting: Set<number>;
  done: () => void;
  promise: Promise<void>;
}

/**
 * The pop before the ring (ADR 0048): an agent decision goes to the PBX only once every offered desk
 * that is there to paint it said it painted the pushed pop (`routing.popShown`), or after a bound.
 * A desk that lets the bound run out is not waited for again until it acknowledges a pop (an older
 * desk that never does costs the bound once, not on every call). Agents with no desk listening (a
 * hardware phone, a benchmark) are never waited for.
 */
export function createPopWait(deps: { deskListening: (agentId: number) => boolean; boundMs?: number; onLapse?: (agentIds: number[]) => void }) {
  const boundMs = deps.boundMs ?? POP_WAIT_MS;
  const waiters = new Map<string, Waiter>();
  const silent = new Set<number>();

  return {
    /** The pop for this decision was pushed to these agents: start waiting for those whose desk paints pops. */
    pushed(decisionId: string, agentIds: number[]): void {
      const waiting = new Set(agentIds.filter((a) => !silent.has(a) && deps.deskListening(a)));
      if (waiting.size === 0) return;
      let done: () => void = () => undefined;
      const promise = new Promise<void>((resolve) => (done = resolve));
      const timer = setTimeout(() => {
        if (waiters.get(decisionId)?.promise !== promise) return;
        for (const a of waiting) silent.add(a);
        deps.onLapse?.([...waiting]);
        waiters.delete(decisionId);
        done();
      }, boundMs);
      timer.unref?.();
      waiters.set(decisionId, {
        waiting,
        promise,
        done: () => {
          clearTimeout(timer);
          done();
        },
      });
    },
    /** Resolves when the decision's pop is painted at every desk waited for, or the bound ran out (at once if none). */
    painted(decisionId: string): Promise<void> {
      return waiters.get(decisionId)?.promise ?? Promise.resolve();
    },
    /** The agent's desk painted the pop of this decision. True when the router was waiting for it. */
    shown(agentId: number, decisionId: string): boolean {
      silent.delete(agentId);
      const w = waiters.get(decisionId);
      if (w === undefined || !w.waiting.delete(agentId)) return false;
      if (w.waiting.size === 0) {
        waiters.delete(decisionId);
        w.done();
      }
      return true;
    },
    /** The offer ended (the caller left, the offer lapsed): nothing to wait for. */
    ended(decisionId: string): void {
      const w = waiters.get(decisionId);
      if (w === undefined) return;
      waiters.delete(decisionId);
      w.done();
    },
  };
}

export type PopWait = ReturnType<typeof createPopWait>;
