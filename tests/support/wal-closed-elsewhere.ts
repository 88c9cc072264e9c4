/**
 * A connection whose better-sqlite3 handle is closed directly (not through `close()`, as a one-off
 * script or the benchmark generator does) while another connection then grows the same file's WAL:
 * the checkpointer's timer must notice the closed handle, not throw from a timer and end the process.
 * Prints "survived" when it did. Used by tests/db/wal-checkpointer.test.ts; argv[2] is the file to create.
 */
import SqliteDatabase from 'better-sqlite3';
import { openSqlite } from '../../electron/core/db/connection';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: wal-closed-elsewhere.ts FILE');
const connection = openSqlite(file);
connection.raw.exec('CREATE TABLE blob (id INTEGER PRIMARY KEY, b BLOB)');
connection.raw.close();
const other = new SqliteDatabase(file);
other.pragma('journal_mode = WAL');
const insert = other.prepare('INSERT INTO blob (b) VALUES (?)');
for (let i = 0; i < 1000; i++) insert.run(Buffer.alloc(4000, i % 251));
// The checkpointer looks at the WAL once a second: give it three looks at a WAL past its threshold.
await new Promise((resolve) => setTimeout(resolve, 3_000));
other.close();
console.log('survived');
