import { phonePasswordStore, type PhonePasswordStore } from './phone-password';

/**
 * Where the softphone registers when the server provisions no PBX credential (ADR 0032). Kept on
 * this desktop (localStorage), like a desk phone's provisioning, except the password, which is
 * never in the page's storage (phone-password.ts).
 */
export interface PhoneConfig {
  /** WebSocket URL of the SIP server, e.g. wss://pbx.example:8089/ws. */
  server: string;
  /** SIP domain of the agent's address, e.g. pbx.example. */
  domain: string;
  /** Digest username; the extension when empty. */
  username: string;
  /** Answer inbound calls at once (agents on a headset who hear a zip tone instead of a ring). */
  autoAnswer: boolean;
  /**
   * This PBX strips X-Frontline-* headers arriving from outside and sets them itself (as the
   * reference Kamailio config does): only then does the phone believe queue and wait, and follow
   * the PBX's transfer requests (REFER). Off by default.
   */
  trustedPbx: boolean;
}

const KEY = 'frontline.phone';

/**
 * The desk's phone settings. A password that an older build (or a provisioning script) left in
 * the stored settings is moved out of them at once, into the password store, so it is not lost
 * and no longer sits in plain text.
 */
export function loadPhoneConfig(storage: Storage = localStorage, passwords: PhonePasswordStore = phonePasswordStore()): PhoneConfig | null {
  try {
    const raw = storage.getItem(KEY);
    if (raw === null) return null;
    const c = JSON.parse(raw) as Partial<PhoneConfig> & { password?: unknown };
    if (typeof c.server !== 'string' || !/^wss?:\/\//.test(c.server) || typeof c.domain !== 'string' || c.domain === '') return null;
    const config: PhoneConfig = { server: c.server, domain: c.domain, username: c.username ?? '', autoAnswer: c.autoAnswer === true, trustedPbx: c.trustedPbx === true };
    if ('password' in c) {
      if (typeof c.password === 'string' && c.password !== '') void passwords.save(c.password);
      storage.setItem(KEY, JSON.stringify(config));
    }
    return config;
  } catch {
    return null;
  }
}

export function savePhoneConfig(config: PhoneConfig | null, storage: Storage = localStorage): void {
  if (config === null) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify({ server: config.server, domain: config.domain, username: config.username, autoAnswer: config.autoAnswer, trustedPbx: config.trustedPbx }));
}
