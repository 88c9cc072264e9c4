/**
 * Let the event loop serve what is waiting (requests, timers, I/O) before going on. Long work over
 * a whole floor (the first board's 500 rows) awaits this every few items, so no single task holds
 * the loop for the whole floor: promises alone never yield, they run on as microtasks.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `yieldToEventLoop` after every `every` items of a loop (i counts from 0). */
export const yieldEvery = (i: number, every: number): Promise<void> | undefined => (i % every === every - 1 ? yieldToEventLoop() : undefined);
