import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/**
 * Which names this server answers to (ADR 0022). A browser tricked by DNS rebinding sends the
 * attacker's name in Host (and a matching Origin), so comparing Origin with Host proves nothing:
 * Host itself must be one of ours.
 */
export type HostAllowList = (hostHeader: string | undefined) => boolean;

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** The name part of a Host header (or an Origin's host): lower case, without port or IPv6 brackets; null when malformed. */
export function hostName(hostHeader: string): string | null {
  const value = hostHeader.trim().toLowerCase();
  if (value === '' || /[\s/@?#\\]/.test(value)) return null;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || (end + 1 < value.length && !/^:\d{1,5}$/.test(value.slice(end + 1)))) return null;
    return value.slice(1, end);
  }
  const colon = value.lastIndexOf(':');
  if (colon >= 0) {
    if (value.indexOf(':') !== colon || !/^\d{1,5}$/.test(value.slice(colon + 1))) return null;
    return value.slice(0, colon).replace(/\.$/, '');
  }
  return value.replace(/\.$/, '');
}

/**
 * Names allowed when none are configured: loopback names, the bound address, and when bound to
 * every interface, each interface's address and this machine's host name.
 */
export function defaultAllowedHosts(bindHost: string): string[] {
  const names = new Set(LOOPBACK_NAMES);
  names.add(bindHost.replace(/^\[|\]$/g, '').toLowerCase());
  if (isWildcardHost(bindHost)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) names.add(a.address.toLowerCase().replace(/%.*$/, ''));
    }
    names.add(hostname().toLowerCase());
  }
  return [...names];
}

/** Configured names: exact names or addresses, or `.example.com` for that domain and every name under it. */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
}

export function createHostAllowList(entries: string[]): HostAllowList {
  const exact = new Set(entries.filter((e) => !e.startsWith('.')));
  const suffixes = entries.filter((e) => e.startsWith('.'));
  return (hostHeader) => {
    if (hostHeader === undefined) return false;
    const name = hostName(hostHeader);
    if (name === null) return false;
    if (exact.has(name)) return true;
    return isIP(name) === 0 && suffixes.some((s) => name === s.slice(1) || name.endsWith(s));
  };
}

/**
 * A browser always sends Origin on a WebSocket upgrade: only pages served under an allowed name
 * may connect. No Origin: not a browser (tools, tests, a team server's peers), and Host was
 * checked already.
 */
export function isAllowedOrigin(req: IncomingMessage, allowed: HostAllowList): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && allowed(url.host) && url.host === req.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}
