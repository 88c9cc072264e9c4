/**
 * `npm test`: build the renderer, then every suite — with the simulated month and the crash suite
 * running beside the rest in their own Vitest process at the lowest CPU priority (nice 19), and the
 * lint and typecheck beside them too (nice 10: they only need to be done before the tests are).
 *
 * Why: on a 2-core machine Vitest runs one test file at a time (maxWorkers = cores − 1), so the
 * month (a CPU-bound hour of writes, most of the run) used to wait for every other suite and then
 * run alone. Beside them it takes only the CPU they leave idle (the browser suites mostly wait),
 * and at nice 19 it never starves a real SIP call or a latency probe of CPU.
 *
 * The month's and the checks' output is kept in files and printed after the rest; the last line is
 * the sum of both runs' summary lines. The exit code is non-zero when either run or a check fails;
 * a failed check stops everything at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLineOrExit } from '../../electron/core/util/command-line';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  /** The dialect matrix: tests passed on each store. */
  sqlite: number;
  postgres: number;
}

// It takes no options: `npm test -- --help` says so, and a typo is refused rather than ignored.
commandLineOrExit('test', 'npm test\n  Lint, typecheck, build, then every suite (the simulated month and the crash suite beside the rest). No options.', {});

const work = mkdtempSync(join(tmpdir(), 'frontline-test-'));
const monthLog = join(work, 'month.log');
const monthSummary = join(work, 'month-summary.json');
const restSummary = join(work, 'rest-summary.json');
const checksLog = join(work, 'checks.log');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Processes started in their own group, stopped with `npm test` (or when a check fails). */
const groups: number[] = [];
function stopAll(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}
process.on('exit', () => {
  stopAll();
  rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** `nice` is POSIX; where it is missing the command simply runs at normal priority. */
const canNice = process.platform !== 'win32' && spawnSync('nice', ['-n', '19', 'true']).status === 0;

/** A command in its own process group, at a lower priority, its output to a file (or inherited). */
function startGroup(niceness: number, args: string[], env: NodeJS.ProcessEnv, outFile?: string): Promise<number> {
  const [command, ...rest] = canNice ? ['nice', '-n', String(niceness), ...args] : args;
  const child = spawn(command as string, rest, { env, detached: true, stdio: outFile === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) groups.push(child.pid);
  if (outFile !== undefined) {
    const out = createWriteStream(outFile, { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  return new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

function startMonth(): Promise<number> {
  // The long-* projects, the month and the 200 server kills (neither is timed: they prove nothing is
  // lost), side by side. One pattern for both: Vitest ORs --project filters, so two negations exclude nothing.
  return startGroup(19, [npx, 'vitest', 'run', '--project', 'long-*', '--maxWorkers', '2'], { ...process.env, FRONTLINE_SUMMARY_FILE: monthSummary, FORCE_COLOR: '1' }, monthLog);
}

/** Lint, then typecheck, one after the other, beside the tests. */
async function startChecks(): Promise<number> {
  for (const script of ['lint', 'typecheck']) {
    const code = await startGroup(10, [npm, 'run', '--silent', script], process.env, checksLog);
    if (code !== 0) return code;
  }
  return 0;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function counts(file: string): Counts | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Counts) : null;
}

async function main(): Promise<number> {
  // The month needs neither the lint, the typecheck nor the built renderer: it starts at once.
  const month = startMonth();
  process.stdout.write('The simulated month and the crash suite run beside everything else (their own Vitest process, nice 19), and so do the lint and typecheck (nice 10); their output follows the rest.\n');
  // The renderer is built as anything started from inside Vitest would build it (NODE_ENV=test, the
  // trap that once put React's development build in renderer/dist): tests/e2e/renderer-build.test.ts
  // then proves the build every browser test serves is production all the same.
  const built = await run(npm, ['run', '--silent', 'build:renderer'], { ...process.env, NODE_ENV: 'test' });
  if (built !== 0) return built;
  const checks = startChecks().then((code) => {
    if (code === 0) return 0;
    // A failed check fails the run: no point in waiting twenty minutes for the tests to say so.
    process.stdout.write(`\n──── lint / typecheck failed (exit ${code}); stopping the tests ────\n${readFileSync(checksLog, 'utf8')}`);
    process.exit(code);
  });
  const restCode = await startGroup(0, [npx, 'vitest', 'run', '--project', '!long-*'], { ...process.env, FRONTLINE_SUMMARY_FILE: restSummary });
  await checks;
  process.stdout.write('\nLint and typecheck: passed.\nWaiting for the simulated month…\n');
  const monthCode = await month;
  process.stdout.write('\n──── the simulated month and the crash suite ────\n');
  process.stdout.write(readFileSync(monthLog, 'utf8'));

  const parts = [counts(restSummary), counts(monthSummary)];
  const total = parts.reduce<Counts>(
    (sum, c) => ({
      passed: sum.passed + (c?.passed ?? 0),
      failed: sum.failed + (c?.failed ?? 1),
      skipped: sum.skipped + (c?.skipped ?? 0),
      sqlite: sum.sqlite + (c?.sqlite ?? 0),
      postgres: sum.postgres + (c?.postgres ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0, sqlite: 0, postgres: 0 },
  );
  process.stdout.write(
    `\nAll suites — Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped (dialect matrix: ${total.sqlite} passed on SQLite, ${total.postgres} on PostgreSQL)\n`,
  );
  return restCode !== 0 || monthCode !== 0 || total.failed > 0 ? 1 : 0;
}

// The work folder goes in the exit handler, however the run ends.
process.exit(await main());
