import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The database holds callers' numbers, customers and password hashes: only its owner may read it
 * (ADR 0022). The folder is created 0700; the file is created 0600 before SQLite opens it (SQLite
 * gives its -wal and -shm files the database file's mode); a file or folder from an older version
 * is tightened. Windows has no POSIX modes: there the per-user data folder's ACL applies.
 */
export function secureDatabaseFile(file: string, ownsFolder: boolean): void {
  if (file === ':memory:' || file === '') return;
  const folder = dirname(file);
  const created = mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if (created !== undefined || ownsFolder) chmodSync(folder, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}
