import { defineConfig } from 'vitest/config';

/**
 * One runner for every suite: unit, db (real SQLite files), contract (every transport),
 * lint rules, e2e (the real server in Debian Chromium through Playwright), the security probes, the 200 server
 * kills (crash) and the simulated month. `npm test` (tests/support/run-all.ts) runs the month in a second Vitest
 * process beside the rest, at the lowest CPU priority, so it never starves a real SIP call.
 * The summary reporter prints one "N passed, N failed, N skipped" line for CI.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/{unit,db,contract,lint}/**/*.test.{ts,tsx}'],
          environment: 'node',
          // The real PostgreSQL server of the dialect matrix (FRONTLINE_TEST_PG, or the local throwaway cluster).
          globalSetup: ['./tests/support/postgres-server.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'long-crash',
          include: ['tests/crash/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The simulated month (and the demo centre's hour). `npm test` runs the long-* projects in a Vitest
        // process of its own beside the others, at nice 19 (tests/support/run-all.ts).
        test: {
          name: 'long-month',
          include: ['tests/simulation/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          // A simulated month takes ~15 min on a quiet 2-core machine, much longer beside other suites.
          hookTimeout: 3_600_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The simulated month's checks on PostgreSQL (ADR 0076): the same test on a copy of the seeded file in a
        // fresh database of the test server, over its first FRONTLINE_MONTH_PG_DAYS days (3 in `npm test`: about
        // 9,000 calls, two minutes; 30 is the whole month, about half an hour).
        test: {
          name: 'long-month-postgres',
          include: ['tests/simulation/simulated-month.test.ts'],
          environment: 'node',
          env: { FRONTLINE_MONTH_STORE: 'postgres', FRONTLINE_MONTH_DAYS: process.env.FRONTLINE_MONTH_PG_DAYS ?? '3' },
          globalSetup: ['./tests/support/postgres-server.ts'],
          testTimeout: 600_000,
          hookTimeout: 7_200_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The server probes (issue 12): the real server process over real sockets, one file at a
        // time and after the long group, so the latency figures they print are not another suite's noise.
        test: {
          name: 'security',
          include: ['tests/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
