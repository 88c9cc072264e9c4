import type { ConnectionLimits } from '../../electron/server/connection-guard';

/**
 * Benchmarks drive one connection far faster than a person can (thousands of lookups back to
 * back, 200 calls to one agent): they measure the work, so the per-connection request budget
 * (ADR 0022), which would otherwise set their pace, is lifted.
 */
export const BENCH_LIMITS: Partial<ConnectionLimits> = { requestsPerSecond: 1_000_000, burst: 1_000_000, maxInFlight: 64 };
