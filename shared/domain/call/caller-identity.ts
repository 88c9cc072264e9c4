import type { PhoneParse } from '../../contract/schemas/phone';
import { normalisePhone } from '../phone';

/** Longest display name we keep; longer caller-supplied names are cut (callers control this text). */
export const MAX_DISPLAY_NAME = 64;
/** Longest header value we look at; a huge header is treated as absent. */
export const MAX_IDENTITY_HEADER = 8192;

export interface CallerIdentity {
  /** Plain text, control characters removed, length-bounded. Render as text, never as markup. */
  displayName: string | null;
  number: PhoneParse;
  /** Which header the number came from. */
  source: 'p-asserted-identity' | 'from' | 'none';
}

/** Display text from a caller: no control or bidi-override characters, collapsed spaces, bounded. */
export function sanitiseDisplayText(raw: string, max = MAX_DISPLAY_NAME): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

interface NameAddr {
  name: string | null;
  uri: string;
}

/** Split a From / P-Asserted-Identity value into display name and URI (RFC 3261 name-addr or addr-spec). */
export function splitNameAddr(header: string): NameAddr {
  const s = header.trim();
  if (s.startsWith('"')) {
    let name = '';
    let i = 1;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) {
        name += s[i + 1];
        i += 2;
      } else {
        name += s[i];
        i += 1;
      }
    }
    const rest = s.slice(i + 1);
    const inAngles = /<([^>]*)>/.exec(rest);
    return { name, uri: inAngles?.[1] ?? rest.trim() };
  }
  const lt = s.indexOf('<');
  if (lt >= 0) {
    const gt = s.indexOf('>', lt);
    const name = s.slice(0, lt).trim();
    return { name: name === '' ? null : name, uri: s.slice(lt + 1, gt < 0 ? undefined : gt) };
  }
  // addr-spec: anything after ';' is a header parameter such as the tag.
  return { name: null, uri: s.split(';')[0] ?? '' };
}

function cleanName(name: string | null): string | null {
  if (name === null) return null;
  const clean = sanitiseDisplayText(name);
  return clean === '' ? null : clean;
}

/**
 * Who is calling, from the INVITE's headers: the number from P-Asserted-Identity when the
 * network asserted one (RFC 3325), else From; the display name from From (what the caller's
 * side presents), else P-Asserted-Identity. A Privacy: id header means withheld.
 */
export function callerIdentity(
  headers: { pAssertedIdentity?: string | undefined; from?: string | undefined; privacy?: string | undefined },
  defaultRegion: string,
): CallerIdentity {
  const usable = (v: string | undefined): string | undefined => (v !== undefined && v.length <= MAX_IDENTITY_HEADER ? v : undefined);
  const pai = usable(headers.pAssertedIdentity);
  const from = usable(headers.from);
  const fromParts = from === undefined ? null : splitNameAddr(from);
  const paiParts = pai === undefined ? null : splitNameAddr(pai);
  const displayName = cleanName(fromParts?.name ?? null) ?? cleanName(paiParts?.name ?? null);
  const privacyId = /(^|[;\s,])id([;\s,]|$)/i.test(headers.privacy ?? '');
  const source = pai !== undefined ? 'p-asserted-identity' : from !== undefined ? 'from' : 'none';
  const uri = paiParts?.uri ?? fromParts?.uri;
  if (uri === undefined) return { displayName, number: { kind: 'withheld', raw: '' }, source };
  // Privacy: id asks that the identity not be shown to the called party.
  if (privacyId && source === 'from') return { displayName: null, number: { kind: 'withheld', raw: 'privacy: id' }, source };
  return { displayName, number: normalisePhone(uri, defaultRegion), source };
}
