import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Wakes projections after a commit. In one process this is a direct call; a team on PostgreSQL puts
 * LISTEN/NOTIFY behind the same port. A wake-up carries nothing: readers always catch up from the
 * log itself, so a lost or doubled wake-up is harmless.
 */
export interface Bus {
  /** This process committed events: wake its own projections now. */
  notify(): void;
  /**
   * Called inside a transaction that appends, once per transaction: a bus shared by several
   * processes makes its wake-up part of the commit (PostgreSQL's NOTIFY is delivered at commit,
   * never for a rollback). A bus of one process has nothing to do.
   */
  announce(tx: Transaction<Database>): Promise<void>;
  onWake(listener: () => void): () => void;
  close(): Promise<void>;
}

/** The wake-up listeners every bus keeps. */
export function createWakeListeners() {
  const listeners = new Set<() => void>();
  return {
    wake(): void {
      for (const listener of listeners) listener();
    },
    add(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}

export function createLocalBus(): Bus {
  const listeners = createWakeListeners();
  return {
    notify: listeners.wake,
    announce: () => Promise.resolve(),
    onWake: listeners.add,
    close: async () => listeners.clear(),
  };
}
