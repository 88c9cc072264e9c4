import { readFileSync } from 'node:fs';
import { isLoopbackHost } from './host-allow-list';

export interface TlsFiles {
  cert: string;
  key: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/** Reads the PEM certificate (chain) and key; a missing or unreadable file is a clear start-up error. */
export function loadTls({ cert, key }: TlsFiles): TlsMaterial {
  const read = (what: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read('certificate', cert), key: read('key', key) };
}

/**
 * ADR 0022: beyond loopback, agents' sign-ins, callers' numbers and the board cross the network,
 * so the server speaks TLS there, unless explicitly told it sits behind something that does
 * (FRONTLINE_ALLOW_PLAINTEXT=1: a TLS-terminating proxy, or a lab).
 */
export function plaintextProblem(bindHost: string, tls: TlsMaterial | null, allowPlaintext: boolean): string | null {
  if (tls !== null || allowPlaintext || isLoopbackHost(bindHost)) return null;
  return (
    `refusing to serve plain HTTP on ${bindHost}: set FRONTLINE_TLS_CERT and FRONTLINE_TLS_KEY (PEM files), ` +
    'or FRONTLINE_ALLOW_PLAINTEXT=1 when a TLS-terminating proxy sits in front (see README, Settings)'
  );
}
