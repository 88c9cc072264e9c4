import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where Frontline keeps its database: FRONTLINE_DATA_DIR, else the per-user data folder of the
 * platform. The one resolver for the Electron app, browser mode and the CLIs, so they all open
 * the same file (Electron's own `userData` folder is not used for it).
 */
export function dataDirectory(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const explicit = env.FRONTLINE_DATA_DIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  if (platform === 'win32') return join(env.APPDATA ?? home, 'Frontline');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Frontline');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'frontline');
}

/** The database file: FRONTLINE_DB when set, else frontline.db in the data folder. */
export function defaultDatabaseFile(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const explicit = env.FRONTLINE_DB;
  if (explicit !== undefined && explicit !== '') return explicit;
  return join(dataDirectory(env, platform, home), 'frontline.db');
}
