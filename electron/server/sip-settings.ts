import { readFileSync } from 'node:fs';
import { sipProvisioningProblem, type SipProvisioning } from '../core/auth/sip-credentials';

/** An issued SIP credential's default lifetime: one hour, renewed by the desk at half-life (ADR 0032). */
export const DEFAULT_SIP_TTL_SECONDS = 3600;

/**
 * The PBX this server issues agents' SIP credentials for (ADR 0032), from the environment:
 * FRONTLINE_SIP_WS_URL and FRONTLINE_SIP_DOMAIN, the secret shared with Kamailio's auth_ephemeral in
 * FRONTLINE_SIP_SECRET_FILE (or FRONTLINE_SIP_SECRET), FRONTLINE_SIP_CREDENTIAL_TTL seconds and
 * FRONTLINE_SIP_TRUSTED_PBX=0 for a PBX that does not set X-Frontline-* itself. None of them: null
 * (desks use the demo line or their own phone settings). A half-set or unusable configuration throws
 * with the reason: a server that silently hands out nothing would leave every phone unregistered.
 */
export function sipProvisioningFromEnv(env: NodeJS.ProcessEnv = process.env): SipProvisioning | null {
  const server = env.FRONTLINE_SIP_WS_URL ?? '';
  if (server === '') {
    if ((env.FRONTLINE_SIP_SECRET ?? '') !== '' || (env.FRONTLINE_SIP_SECRET_FILE ?? '') !== '') {
      throw new Error('FRONTLINE_SIP_SECRET is set but FRONTLINE_SIP_WS_URL is not: where do the phones register?');
    }
    return null;
  }
  const secret = readSecret(env);
  const ttl = env.FRONTLINE_SIP_CREDENTIAL_TTL ?? String(DEFAULT_SIP_TTL_SECONDS);
  const provisioning: SipProvisioning = {
    server,
    domain: env.FRONTLINE_SIP_DOMAIN ?? '',
    secret,
    ttlSeconds: /^\d+$/.test(ttl) ? Number(ttl) : Number.NaN,
    trustedPbx: env.FRONTLINE_SIP_TRUSTED_PBX !== '0',
  };
  const problem = sipProvisioningProblem(provisioning) ?? plaintextSipProblem(server);
  if (problem !== null) throw new Error(`SIP provisioning: ${problem}`);
  return provisioning;
}

function readSecret(env: NodeJS.ProcessEnv): string {
  const file = env.FRONTLINE_SIP_SECRET_FILE ?? '';
  if (file === '') {
    const secret = env.FRONTLINE_SIP_SECRET ?? '';
    if (secret === '') throw new Error('FRONTLINE_SIP_WS_URL is set but neither FRONTLINE_SIP_SECRET_FILE nor FRONTLINE_SIP_SECRET is');
    return secret;
  }
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read FRONTLINE_SIP_SECRET_FILE ${file}: ${(error as Error).message}`);
  }
}

/** Digest credentials over plain WebSocket are readable on the wire: ws:// only to this machine. */
function plaintextSipProblem(server: string): string | null {
  if (!server.startsWith('ws://')) return null;
  const host = new URL(server).hostname;
  return ['localhost', '127.0.0.1', '[::1]'].includes(host) ? null : `ws:// is only for a PBX on this machine; use wss:// for ${host}`;
}
