/**
 * Wakes projections after a commit. In one process this is a direct call; a team on PostgreSQL puts
 * LISTEN/NOTIFY behind the same port. A wake-up carries nothing: readers always catch up from the
 * log itself, so a lost or doubled wake-up is harmless.
 */
export interface Bus {
  notify(): void;
  onWake(listener: () => void): () => void;
  close(): Promise<void>;
}

export function createLocalBus(): Bus {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of listeners) listener();
    },
    onWake(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => listeners.clear(),
  };
}
