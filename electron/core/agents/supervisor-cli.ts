import { ContractFailure } from '../../../shared/contract/errors';
import { defaultDatabaseFile } from '../data-dir';
import { migrateToLatest } from '../db/migrate';
import { openStore } from '../db/store';
import { commandLineOrExit, finishCommand } from '../util/command-line';
import { upsertSupervisor } from './supervisors';

const USAGE = `npm run supervisor -- --name "Jo Bloggs" --extension 9001 [--rename] [--db FILE or postgres://…]
  The password is read from FRONTLINE_SUPERVISOR_PASSWORD (never from the command line, which other users can see).
  An existing agent on that extension is promoted; if their name is not --name, nothing changes unless --rename is given.`;

async function main(): Promise<number> {
  const values = commandLineOrExit('supervisor', USAGE, {
    name: { type: 'string' },
    extension: { type: 'string' },
    rename: { type: 'boolean', default: false },
    db: { type: 'string', default: defaultDatabaseFile() },
  });
  const password = process.env.FRONTLINE_SUPERVISOR_PASSWORD;
  if (values.name === undefined || values.extension === undefined || password === undefined || password.length < 8) {
    console.error(`supervisor: --name, --extension and a FRONTLINE_SUPERVISOR_PASSWORD of 8 or more characters are needed\n${USAGE}`);
    return 2;
  }
  const conn = openStore(values.db);
  try {
    await migrateToLatest(conn.db);
    const id = await upsertSupervisor(conn.db, { name: values.name, extension: values.extension, password, rename: values.rename }, Date.now());
    console.log(`Supervisor ${values.name.trim()} (extension ${values.extension.trim()}, agent #${id}) can now sign in with that password.`);
    return 0;
  } catch (error) {
    // A refused extension or name, or someone else's extension: the operator's to fix, one line, exit 2.
    if (error instanceof ContractFailure) {
      console.error(`supervisor: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await conn.close();
  }
}

finishCommand('supervisor', main());
