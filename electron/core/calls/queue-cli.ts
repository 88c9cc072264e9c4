import { defaultDatabaseFile } from '../data-dir';
import { migrateToLatest } from '../db/migrate';
import { openStore } from '../db/store';
import { ensureReferenceData } from '../seed/reference-data';
import { ContractFailure } from '../../../shared/contract/errors';
import { commandLineOrExit, finishCommand } from '../util/command-line';
import { createQueueDirectory } from './queue-directory';

const USAGE = `npm run queue -- --name "Escalations" [--db FILE or postgres://…]
  Calls are counted against a queue only once it exists (a name the PBX sends that is not a queue is left off the board).
  Queue names are at most 64 characters and ignore case: "sales" is the queue "Sales".`;

async function main(): Promise<number> {
  const values = commandLineOrExit('queue', USAGE, { name: { type: 'string' }, db: { type: 'string', default: defaultDatabaseFile() } });
  if (values.name === undefined || values.name.trim() === '') {
    console.error(`queue: --name is needed\n${USAGE}`);
    return 2;
  }
  // A team's database too: a postgres:// URL opened as a file name made a SQLite file under ./postgres:/.
  const conn = openStore(values.db);
  try {
    await migrateToLatest(conn.db);
    // A new database gets its starting configuration first (it is filled only while there are no queues).
    await ensureReferenceData(conn.db, Date.now());
    const { queueId, name, created } = await createQueueDirectory(conn.db, Date.now).create(values.name);
    console.log(created ? `Queue "${name}" (#${queueId}) created.` : `Queue "${name}" (#${queueId}) already exists.`);
    return 0;
  } catch (error) {
    // A refused name (too long, or an existing queue's name in another case) is the operator's to fix: one line, exit 2.
    if (error instanceof ContractFailure) {
      console.error(`queue: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await conn.close();
  }
}

finishCommand('queue', main());
