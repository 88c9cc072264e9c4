import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line CI reads ("Tests: 12 passed, 0 failed, 1 skipped"), plus why each skip happened.
 * A module that failed to load counts as a failure. With FRONTLINE_SUMMARY_FILE set, the counts are
 * also written there as JSON (tests/support/run-all.ts adds two runs up).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const onStore = { sqlite: 0, postgres: 0 };
    const skipNotes: string[] = [];
    for (const mod of testModules) {
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') {
          passed++;
          // The dialect matrix (tests/support/test-stores.ts) titles its halves "… [sqlite]" and "… [postgres]".
          if (test.fullName.includes('[sqlite]')) onStore.sqlite++;
          if (test.fullName.includes('[postgres]')) onStore.postgres++;
        }
        else if (result.state === 'failed') failed++;
        else if (result.state === 'skipped') {
          skipped++;
          if (result.note !== undefined) skipNotes.push(`  skipped: ${test.fullName} — ${result.note}`);
        }
      }
    }
    for (const note of skipNotes) process.stdout.write(`${note}\n`);
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped (dialect matrix: ${onStore.sqlite} passed on SQLite, ${onStore.postgres} on PostgreSQL)\n`);
    const file = process.env.FRONTLINE_SUMMARY_FILE;
    if (file !== undefined && file !== '') writeFileSync(file, JSON.stringify({ passed, failed, skipped, ...onStore }));
  }
}
