import { SingleBar, Presets } from 'cli-progress';
import { existsSync, rmSync } from 'node:fs';
import { defaultDatabaseFile } from '../data-dir';
import { isPostgresUrl } from '../db/store';
import { commandLineOrExit, redactSecrets } from '../util/command-line';
import { DatabaseNotEmptyError, seedDatabaseFile } from './seed-database';

const USAGE = `npm run seed -- [--customers N] [--seed S] [--db FILE] [--reset]
  --customers  how many customers (default 5000; 1000000 gives about 10M order lines)
  --seed       random seed (default 42): the same seed gives the same data
  --db         SQLite file (default ${defaultDatabaseFile()}); a team's PostgreSQL database gets its demo data
               at its first \`npm run serve -- --db postgres://…\`, or a seeded file with \`npm run move-to-postgres\`
  --reset      delete the file first`;

async function main(): Promise<number> {
  const values = commandLineOrExit('seed', USAGE, {
    customers: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    db: { type: 'string', default: defaultDatabaseFile() },
    reset: { type: 'boolean', default: false },
  });
  if (isPostgresUrl(values.db)) {
    // Seeding writes a SQLite file: a URL taken as a file name would have made ./postgres:/… on disk.
    console.error(`seed: --db must be a SQLite file, not ${redactSecrets(values.db)}\n${USAGE}`);
    return 2;
  }
  const customers = Number(values.customers);
  const seed = Number(values.seed);
  if (!Number.isInteger(customers) || customers < 1 || customers > 10_000_000 || !Number.isInteger(seed)) {
    console.error(`seed: --customers must be 1..10000000 and --seed an integer\n${USAGE}`);
    return 2;
  }
  if (values.reset) for (const suffix of ['', '-wal', '-shm']) rmSync(values.db + suffix, { force: true });
  if (!values.reset && existsSync(values.db)) console.log(`Adding demo data to existing ${values.db}`);

  const bar = new SingleBar(
    {
      format: 'Seeding |{bar}| {percentage}% | {value}/{total} customers | {lines} order lines | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      // Also draw in CI logs and pipes, every 2 s, so a long seed never looks hung.
      noTTYOutput: true,
      notTTYSchedule: 2_000,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(customers, 0, { lines: 0, rate: 0 });
  try {
    const summary = await seedDatabaseFile(values.db, {
      customers,
      seed,
      anchor: Date.now(),
      onProgress: (p) => {
        const rate = Math.round(p.customersDone / Math.max(0.001, (Date.now() - started) / 1000));
        bar.update(p.customersDone, { lines: p.orderLines.toLocaleString('en-GB'), rate });
      },
    });
    bar.stop();
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${values.db} in ${secs} s: ${summary.customers} customers, ${summary.phones} phone numbers, ` +
        `${summary.orders} orders, ${summary.orderLines} order lines, ${summary.products} products.`,
    );
    return 0;
  } catch (error) {
    bar.stop();
    if (error instanceof DatabaseNotEmptyError) {
      console.error(`seed: ${error.message}; use --reset to start again`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`seed failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
