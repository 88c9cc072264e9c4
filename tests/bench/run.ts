import { parseArgs } from 'node:util';
import { lookupBench } from './lookup.bench';
import { popBench } from './pop.bench';
import { sipBench } from './sip.bench';

/** `npm run bench -- <name> [--customers N] [--samples N]`. Each benchmark prints a percentile table. */
const benches: Record<string, (args: { customers: number; samples: number }) => Promise<void>> = {
  lookup: lookupBench,
  pop: popBench,
  sip: sipBench,
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { customers: { type: 'string', default: '1000000' }, samples: { type: 'string', default: '20000' } },
});
const names = positionals.length > 0 ? positionals : Object.keys(benches);
for (const name of names) {
  const bench = benches[name];
  if (bench === undefined) {
    console.error(`unknown benchmark "${name}"; have: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  await bench({ customers: Number(values.customers), samples: Number(values.samples) });
}
