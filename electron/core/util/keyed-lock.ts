/**
 * Runs tasks one at a time per key (per agent): a call report, a wrap-up submit and an ACW
 * timer for the same agent never interleave across their awaits.
 */
export function createKeyedLock() {
  const tails = new Map<number, Promise<unknown>>();
  return function run<T>(key: number, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

export type KeyedLock = ReturnType<typeof createKeyedLock>;
