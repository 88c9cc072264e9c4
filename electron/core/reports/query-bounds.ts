import { ContractFailure } from '../../../shared/contract/errors';
import type { Agent } from '../../../shared/contract/schemas/agent';
import type { TimeRange } from '../../../shared/domain/metrics/types';

/**
 * Bounds on the expensive reads, metrics over a chosen range and exports (ADR 0022). An agent's
 * own screen needs today and their recent days; the contract already caps anyone at a year.
 */
export const AGENT_MAX_RANGE_DAYS = 7;

export function checkRange(viewer: Agent, range: TimeRange | undefined): void {
  if (range === undefined || viewer.role === 'supervisor') return;
  if (range.to - range.from > AGENT_MAX_RANGE_DAYS * 86_400_000) {
    throw new ContractFailure('INVALID_INPUT', `agents read at most ${AGENT_MAX_RANGE_DAYS} days at a time; ask a supervisor for longer ranges`);
  }
}

/**
 * Runs heavy reads a few at a time, server-wide, with a short waiting line; beyond it the request
 * is refused (UNAVAILABLE) instead of piling up memory and blocking everyone's answers.
 */
export function createWorkGate(concurrency: number, maxWaiting: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= maxWaiting) throw new ContractFailure('UNAVAILABLE', 'the server is busy with other reports: try again in a moment');
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next !== undefined) next();
      else running -= 1;
    }
  };
}

export type WorkGate = ReturnType<typeof createWorkGate>;

/** Heavy reads at once, and waiting, server-wide. */
export const HEAVY_CONCURRENCY = 2;
export const HEAVY_MAX_WAITING = 8;
