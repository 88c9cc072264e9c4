/** Where the softphone registers. Kept on this desktop (localStorage), like a desk phone's provisioning. */
export interface PhoneConfig {
  /** WebSocket URL of the SIP server, e.g. wss://pbx.example:8089/ws. */
  server: string;
  /** SIP domain of the agent's address, e.g. pbx.example. */
  domain: string;
  /** Digest username; the extension when empty. */
  username: string;
  password: string;
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

export function loadPhoneConfig(storage: Storage = localStorage): PhoneConfig | null {
  try {
    const raw = storage.getItem(KEY);
    if (raw === null) return null;
    const c = JSON.parse(raw) as Partial<PhoneConfig>;
    if (typeof c.server !== 'string' || !/^wss?:\/\//.test(c.server) || typeof c.domain !== 'string' || c.domain === '') return null;
    return { server: c.server, domain: c.domain, username: c.username ?? '', password: c.password ?? '', autoAnswer: c.autoAnswer === true, trustedPbx: c.trustedPbx === true };
  } catch {
    return null;
  }
}

export function savePhoneConfig(config: PhoneConfig | null, storage: Storage = localStorage): void {
  if (config === null) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify(config));
}
