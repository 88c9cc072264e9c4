import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the test PostgreSQL server ('' when FRONTLINE_TEST_PG=off). */
    postgresUrl: string;
  }
}

/**
 * Global setup of the node project: finds the real PostgreSQL server the dialect matrix runs on.
 * FRONTLINE_TEST_PG names it (CI exports it from `.ci/test-postgres`); unset, the same script starts
 * (or reuses) the local throwaway cluster. FRONTLINE_TEST_PG=off runs the SQLite side only, and every
 * PostgreSQL test is reported as skipped, never as passed.
 */
export default function setup(project: TestProject): void {
  let url = process.env.FRONTLINE_TEST_PG ?? '';
  if (url === '') {
    try {
      url = execFileSync('.ci/test-postgres', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(`no PostgreSQL server for the dialect matrix (.ci/test-postgres failed: ${stderr.trim()}); set FRONTLINE_TEST_PG to a server's admin URL, or FRONTLINE_TEST_PG=off to skip its tests`);
    }
  }
  project.provide('postgresUrl', url === 'off' ? '' : url);
}
