import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { seedDatabaseFile } from '../../electron/core/seed/seed-database';
import { REPO_ROOT } from '../support/app-process';

/** The benchmark CRM: 1M customers / ~10M order lines, built once (about 1.5 min here) and reused from .bench/. */
export async function benchDatabase(customers: number): Promise<string> {
  const file = process.env.FRONTLINE_BENCH_DB ?? join(REPO_ROOT, '.bench', `crm-${customers}.db`);
  if (existsSync(file)) return file;
  console.log(`Building the benchmark database ${file} (${customers} customers)…`);
  let last = 0;
  const summary = await seedDatabaseFile(file, {
    customers,
    seed: 42,
    anchor: Date.UTC(2026, 10, 1),
    onProgress: (p) => {
      const pct = Math.floor((100 * p.customersDone) / p.customersTotal);
      if (pct >= last + 10 || p.customersDone === p.customersTotal) {
        last = pct;
        console.log(`  ${pct}% · ${p.customersDone} customers · ${p.orderLines} order lines`);
      }
    },
  });
  console.log(`  done: ${summary.customers} customers, ${summary.orderLines} order lines`);
  return file;
}
