/**
 * Runs tasks one at a time per key: the board rebuilds one agent's row at a time. (Writers do not
 * use it: they check the desk's version inside their transaction.)
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
