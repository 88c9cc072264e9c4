/**
 * How the desk's own numbers are fetched while the agent is free (ADR 0068): the first time at once,
 * after a call only once the agent has stayed free for `settleMs`, then every `everyMs`. A call that
 * rings inside the settle time (the next caller of a busy queue arrives within milliseconds of the
 * last one leaving) stops this before anything is fetched, so the query, its answer and the chart's
 * redraw are never on the pop's path. `busyNow` is asked each time: a call the phone has but the
 * server has not reported yet counts as busy too.
 */
export interface FreeRefresh {
  /** 0 for the first fetch of a desk (nothing on screen yet), `settleMs` after a call. */
  firstMs: number;
  everyMs: number;
  busyNow: () => boolean;
}

/** Starts the schedule; the returned function stops it (the agent is busy again, or the desk closed). */
export function refreshWhileFree(load: () => void, { firstMs, everyMs, busyNow }: FreeRefresh): () => void {
  const run = (): void => {
    if (!busyNow()) load();
  };
  let every: ReturnType<typeof setInterval> | null = null;
  const first = setTimeout(() => {
    run();
    every = setInterval(run, everyMs);
  }, firstMs);
  return () => {
    clearTimeout(first);
    if (every !== null) clearInterval(every);
  };
}
