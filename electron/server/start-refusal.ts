import { redactSecrets } from '../core';

/**
 * A start refused for a reason the operator can fix (a setting, a port in use, a demo credential on
 * a host beyond loopback): its message says what to do, so it is printed as one line without a
 * stack trace. Anything else is a bug and keeps its stack.
 */
export class StartRefusal extends Error {
  override name = 'StartRefusal';
}

/** The settings' own errors (bad numbers, bad addresses) are refusals too: they name the setting. */
export function refuseOnError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof Error ? new StartRefusal(error.message) : error;
  }
}

/** What a failed start prints on stderr: `<what> failed to start: <message>` for a refusal, else the error with its stack. */
export function startFailureText(what: string, error: unknown): string {
  // A postgres:// URL's password can reach a message (a driver quoting its connection string): never printed.
  if (error instanceof StartRefusal) return `${what} refused to start: ${redactSecrets(error.message)}`;
  return `${what} failed to start: ${redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}`;
}
