import { z } from 'zod';
import { epochMs } from './common';

/**
 * The SIP credential a signed-in desk gets from its server (ADR 0032): where its phone registers and
 * a time-limited digest username and password valid for this agent's own extension only.
 */
export const sipCredential = z.object({
  /** The PBX's SIP-over-WebSocket URL. */
  server: z.string(),
  domain: z.string(),
  /** The address the phone registers: `sip:<extension>@<domain>`. */
  aor: z.string(),
  /** Digest username, `<expiry seconds>:<extension>`. */
  username: z.string(),
  password: z.string(),
  /** After this the PBX refuses it: ask again before (the desk renews at half its life). */
  expiresAt: epochMs,
  /** The PBX strips callers' X-Frontline-* headers and sets its own (ADR 0020). */
  trustedPbx: z.boolean(),
});
export type SipCredential = z.infer<typeof sipCredential>;

/** `credential` is null when this server provisions no PBX: the desk uses the demo line or its own phone settings. */
export const sipCredentialOutput = z.object({ credential: sipCredential.nullable() });
