import { Presets, SingleBar } from 'cli-progress';
import { commandLineOrExit, redactSecrets } from '../util/command-line';
import { redactedUrl } from './postgres';
import { isPostgresUrl } from './store';
import { compareSqliteWithPostgres, moveToPostgres, MoveVerificationError, TargetNotEmptyError, type MoveProgress } from './move-to-postgres';
import type { TableComparison } from './table-checksums';

const USAGE = `npm run move-to-postgres -- --from FILE --to postgres://user:password@host:port/database [--replace | --check]
  --from     the centre's SQLite file (stop the desktop or server using it first)
  --to       the PostgreSQL database (created beforehand, e.g. createdb; migrated here)
  --replace  the target already holds a centre's rows: delete them and move this one instead
  --check    change nothing: compare row counts and checksums of every table on both sides
The move is one transaction: it commits only when every table's count and checksum agree, and
an interrupted move leaves the target as it was (ADR 0041).`;

const fmt = (n: number) => n.toLocaleString('en-GB');

/** Tables smaller than this go by without a progress line (they take well under a second). */
const SHOW_PROGRESS_FROM = 20_000;

/** One progress line per long table and phase, redrawn every 2 s in pipes and CI logs too, so a long table shows movement. */
function progressPrinter(): { update(p: MoveProgress): void; stop(): void } {
  const bar = new SingleBar(
    {
      format: '{phase} {table} |{bar}| {percentage}% | {done}/{all} rows | {rate} rows/s | ETA {eta_formatted}{note}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let current = '';
  let started = 0;
  return {
    update(p) {
      if (p.total < SHOW_PROGRESS_FROM) return;
      const key = `${p.phase} ${p.table} ${p.phase === 'verify' ? p.side : ''}`;
      const done = p.phase === 'copy' ? p.copied : p.done;
      const label = p.phase === 'copy' ? 'copy  ' : `verify ${p.side === 'sqlite' ? 'sqlite  ' : 'postgres'}`;
      if (key !== current) {
        if (current !== '') bar.stop();
        current = key;
        started = performance.now();
        bar.start(Math.max(p.total, 1), 0, { phase: label, table: p.table.padEnd(20), done: '0', all: fmt(p.total), rate: 0, note: '' });
      }
      const rate = Math.round(done / Math.max(0.001, (performance.now() - started) / 1000));
      // Every row sent: PostgreSQL now checks the table's foreign keys (queued per row, run at the end of COPY), which takes a while on big tables.
      const note = p.phase === 'copy' && done >= p.total ? ' | all sent; PostgreSQL checking foreign keys' : '';
      bar.update(p.total === 0 ? 1 : done, { done: fmt(done), rate: fmt(rate), note });
    },
    stop() {
      if (current !== '') bar.stop();
      current = '';
    },
  };
}

/** The per-table result: counts and checksums computed on each side by reading its own database. */
export function comparisonTable(rows: readonly TableComparison[]): string {
  const header = ['table', 'sqlite rows', 'postgres rows', 'sqlite checksum', 'postgres checksum', 'equal'];
  const body = rows.map((r) => [r.table, fmt(r.sqlite.rows), fmt(r.postgres.rows), r.sqlite.checksum, r.postgres.checksum, r.equal ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const values = commandLineOrExit('move-to-postgres', USAGE, {
    from: { type: 'string' },
    to: { type: 'string' },
    replace: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  });
  if (values.from === undefined || values.to === undefined || isPostgresUrl(values.from) || !isPostgresUrl(values.to) || (values.replace && values.check)) {
    console.error(`move-to-postgres: --from FILE and --to postgres://… are required (--from a SQLite file; --replace and --check do not go together)\n${USAGE}`);
    return 2;
  }
  const progress = progressPrinter();
  const started = performance.now();
  const target = redactedUrl(values.to);
  try {
    if (values.check) {
      console.log(`Comparing ${values.from} with ${target}…`);
      const comparison = await compareSqliteWithPostgres(values.from, values.to, (p) => progress.update({ phase: 'verify', ...p }));
      progress.stop();
      console.log(comparisonTable(comparison));
      const equal = comparison.every((c) => c.equal);
      console.log(equal ? 'Every table: counts and checksums equal.' : 'DIFFERENT: see the tables marked NO.');
      return equal ? 0 : 1;
    }
    console.log(`Moving ${values.from} into ${target} (one transaction: nothing is committed unless every table checks out)…`);
    const result = await moveToPostgres({
      from: values.from,
      to: values.to,
      replace: values.replace,
      onProgress: (p) => progress.update(p),
      onStage: (stage) => {
        progress.stop();
        if (stage === 'migrated') console.log('Both databases are at the latest migration.');
      },
    });
    progress.stop();
    console.log(comparisonTable(result.comparison));
    const rows = result.comparison.reduce((n, c) => n + c.postgres.rows, 0);
    const secs = (performance.now() - started) / 1000;
    if (result.replaced.length > 0) console.log(`Replaced what the target held in: ${result.replaced.join(', ')}.`);
    console.log(`Moved and verified ${fmt(rows)} rows in ${result.comparison.length} tables in ${secs.toFixed(1)} s: counts and checksums equal; committed.`);
    return 0;
  } catch (error) {
    progress.stop();
    if (error instanceof TargetNotEmptyError) {
      console.error(`move-to-postgres: refused: ${error.message}. Nothing was changed. To replace that data with ${values.from}, run again with --replace.`);
      return 1;
    }
    if (error instanceof MoveVerificationError) {
      console.error(comparisonTable(error.comparison));
      console.error(`move-to-postgres: ${error.message}.`);
      return 1;
    }
    console.error(`move-to-postgres failed, nothing was committed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}

// Ctrl-C: the process ends, its connection drops, and PostgreSQL rolls the open transaction back.
process.once('SIGINT', () => {
  console.error('\nmove-to-postgres: interrupted; the target is as it was before (the transaction was not committed).');
  process.exit(130);
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`move-to-postgres failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
