import { parseArgs } from 'node:util';
import { defaultDatabaseFile } from '../data-dir';
import { migrateToLatest } from '../db/migrate';
import { openStore } from '../db/store';
import { upsertSupervisor } from './supervisors';

const USAGE = `npm run supervisor -- --name "Jo Bloggs" --extension 9001 [--db FILE or postgres://…]
  The password is read from FRONTLINE_SUPERVISOR_PASSWORD (never from the command line, which other users can see).`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, extension: { type: 'string' }, db: { type: 'string', default: process.env.FRONTLINE_DB || defaultDatabaseFile() } } });
  const password = process.env.FRONTLINE_SUPERVISOR_PASSWORD;
  if (values.name === undefined || values.extension === undefined || password === undefined || password.length < 8) {
    console.error(`supervisor: --name, --extension and a FRONTLINE_SUPERVISOR_PASSWORD of 8 or more characters are needed\n${USAGE}`);
    return 2;
  }
  const conn = openStore(values.db);
  try {
    await migrateToLatest(conn.db);
    const id = await upsertSupervisor(conn.db, { name: values.name, extension: values.extension, password }, Date.now());
    console.log(`Supervisor ${values.name} (extension ${values.extension}, agent #${id}) can now sign in with that password.`);
    return 0;
  } finally {
    await conn.close();
  }
}

process.exitCode = await main();
