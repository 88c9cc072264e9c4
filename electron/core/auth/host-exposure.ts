import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { demoCredentials } from './agent-directory';

/** A listen address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * A host listening beyond loopback refuses to start while anyone could sign in with a demo or
 * default credential (ADR 0024): agents without a password from the demo quick start, or the demo
 * supervisor's generated password. Returns why, or null when it is safe.
 */
export async function exposureProblem(db: Kysely<Database>, host: string): Promise<string | null> {
  if (isLoopbackHost(host)) return null;
  const demo = await demoCredentials(db);
  if (demo.length === 0) return null;
  const list = demo.slice(0, 5).map((a) => a.extension).join(', ');
  return (
    `refusing to listen on ${host}: ${demo.length} account(s) still have a demo credential (extension ${list}${demo.length > 5 ? ', …' : ''}). ` +
    'Issue them passwords (Agents on the board, or `npm run supervisor` for a supervisor) or deactivate them, or listen on 127.0.0.1.'
  );
}
