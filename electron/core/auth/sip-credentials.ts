import { createHmac } from 'node:crypto';
import { ContractFailure } from '../../../shared/contract/errors';
import type { SipCredential } from '../../../shared/contract/schemas/sip';
import { isValidExtension } from '../../../shared/domain/extension';

/**
 * Where agents' phones register and the secret the server shares with that PBX (ADR 0032). The
 * PBX (Kamailio's auth_ephemeral, `sha_algorithm` 1) checks a credential by recomputing its
 * password from the same secret: nothing per agent is stored on either side.
 */
export interface SipProvisioning {
  /** The PBX's SIP-over-WebSocket URL the desk registers to (wss://… beyond loopback). */
  server: string;
  /** The SIP domain of agents' addresses: `sip:<extension>@<domain>`. */
  domain: string;
  /** The shared secret (auth_ephemeral's `secret`); at least 32 characters. */
  secret: string;
  /** How long an issued credential lets its phone register (seconds). */
  ttlSeconds: number;
  /** The PBX strips callers' X-Frontline-* headers and sets its own (the reference config does). */
  trustedPbx: boolean;
}

export const MIN_SECRET_LENGTH = 32;

/**
 * The credential for this extension, valid until now + ttl: the username is `<expiry>:<extension>`
 * (draft-uberti-behave-turn-rest, auth_ephemeral's default `username_format`), the password is
 * base64(HMAC-SHA256(secret, username)). The PBX refuses it after the expiry, for any other
 * extension's address, and once the secret changes.
 */
export function issueSipCredential(p: SipProvisioning, extension: string, nowMs: number): SipCredential {
  if (!isValidExtension(extension)) throw new ContractFailure('INVALID_INPUT', `extension "${extension}" cannot be a SIP user`);
  const expiresAtSeconds = Math.floor(nowMs / 1000) + p.ttlSeconds;
  const username = `${expiresAtSeconds}:${extension}`;
  return {
    server: p.server,
    domain: p.domain,
    aor: `sip:${extension}@${p.domain}`,
    username,
    password: createHmac('sha256', p.secret).update(username).digest('base64'),
    expiresAt: expiresAtSeconds * 1000,
    trustedPbx: p.trustedPbx,
  };
}

/** Why these provisioning settings cannot be used, or null. */
export function sipProvisioningProblem(p: SipProvisioning): string | null {
  if (!/^wss?:\/\/[^/]+/.test(p.server)) return `the SIP WebSocket URL must start with ws:// or wss://, not "${p.server}"`;
  if (p.domain === '' || /[\s@:;]/.test(p.domain)) return `"${p.domain}" is not a SIP domain`;
  if (p.secret.length < MIN_SECRET_LENGTH) return `the SIP secret must have at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 48)`;
  if (!Number.isInteger(p.ttlSeconds) || p.ttlSeconds < 300 || p.ttlSeconds > 7 * 86_400) return 'the SIP credential lifetime must be whole seconds between 300 and 604800';
  return null;
}
