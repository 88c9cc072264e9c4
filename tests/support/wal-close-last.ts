/**
 * A process whose last work is closing an SQLite connection whose WAL checkpoint worker has
 * started (as a host shutting down, or a benchmark's end): prints "closed" when the close
 * returned. Used by tests/db/wal-checkpointer.test.ts; argv[2] is the database file to create.
 */
import { openSqlite } from '../../electron/core/db/connection';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: wal-close-last.ts FILE');
const connection = openSqlite(file);
connection.raw.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, b BLOB)');
const insert = connection.raw.prepare('INSERT INTO blob (b) VALUES (?)');
for (let i = 0; i < 1000; i++) insert.run(Buffer.alloc(4000, i % 251));
// The worker is started (the WAL is past its threshold) once commits stop checkpointing every 1000 pages.
for (let waited = 0; connection.raw.pragma('wal_autocheckpoint', { simple: true }) === 1000 && waited < 8_000; waited += 100) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(`worker started: ${connection.raw.pragma('wal_autocheckpoint', { simple: true }) !== 1000}`);
await connection.close();
console.log('closed');
