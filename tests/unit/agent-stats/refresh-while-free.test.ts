import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshWhileFree } from '../../../renderer/src/features/agent-stats/refresh-while-free';

describe("the desk's own numbers are fetched only while the agent is free (ADR 0068)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a call that rings within the settle time after the last one stops the fetch before it is made', () => {
    const load = vi.fn();
    const stop = refreshWhileFree(load, { firstMs: 1_000, everyMs: 30_000, busyNow: () => false });
    vi.advanceTimersByTime(999);
    stop(); // the next caller rings: the agent is busy again
    vi.advanceTimersByTime(60_000);
    expect(load).not.toHaveBeenCalled();
  });

  it('an agent who stays free gets the numbers after the settle time, then every interval until busy', () => {
    const load = vi.fn();
    const stop = refreshWhileFree(load, { firstMs: 1_000, everyMs: 30_000, busyNow: () => false });
    vi.advanceTimersByTime(1_000);
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(load).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('the first fetch of a desk is made at once', () => {
    const load = vi.fn();
    refreshWhileFree(load, { firstMs: 0, everyMs: 30_000, busyNow: () => false });
    vi.advanceTimersByTime(0);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a call the phone already has, not yet reported to the server, counts as busy', () => {
    const load = vi.fn();
    let calls = 1;
    refreshWhileFree(load, { firstMs: 1_000, everyMs: 30_000, busyNow: () => calls > 0 });
    vi.advanceTimersByTime(1_000);
    expect(load).not.toHaveBeenCalled();
    calls = 0;
    vi.advanceTimersByTime(30_000);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
