import { defaultDatabaseFile } from '../data-dir';
import { migrateToLatest } from '../db/migrate';
import { openStore } from '../db/store';
import { commandLineOrExit, finishCommand } from '../util/command-line';
import { createIssuedTokens } from './issued-tokens';

const USAGE = 'npm run pbx-credential -- --label "Kamailio pbx1" [--db FILE or postgres://…]';

/** Issues a PBX credential (ADR 0029) and prints it once: give it to the server as FRONTLINE_PBX_TOKEN. */
async function main(): Promise<number> {
  const values = commandLineOrExit('pbx-credential', USAGE, { label: { type: 'string' }, db: { type: 'string', default: defaultDatabaseFile() } });
  const label = values.label?.trim() ?? '';
  if (label === '' || label.length > 60) {
    console.error(`pbx-credential: a --label of 1 to 60 characters is needed\n${USAGE}`);
    return 2;
  }
  // The team's database too (a postgres:// URL used to be opened as a SQLite file name).
  const conn = openStore(values.db);
  try {
    await migrateToLatest(conn.db);
    const { token } = await createIssuedTokens(conn.db, Date.now, 'pbx_credentials').create(label, null);
    console.log(`PBX credential "${label}" (shown once, stored hashed):\n${token}`);
    return 0;
  } finally {
    await conn.close();
  }
}

finishCommand('pbx-credential', main());
