import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Frontline keeps its database: FRONTLINE_DATA_DIR, else the per-user data folder of the platform. */
export function dataDirectory(): string {
  const explicit = process.env.FRONTLINE_DATA_DIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'Frontline');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Frontline');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'frontline');
}

export function defaultDatabaseFile(): string {
  return join(dataDirectory(), 'frontline.db');
}
