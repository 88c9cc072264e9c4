import { formatE164, normalisePhone } from './phone';

/**
 * Click-to-call from other applications (ADR 0033): a `tel:`, `sip:`/`sips:` or
 * `frontline://dial` link, read into what the desk asks the agent to confirm before dialling.
 * Links come from any web page or document, so everything here is untrusted input.
 */

/** The schemes Frontline handles; `frontline` is its own, `tel`/`sip` are offered to the user as a default app. */
export const DIAL_SCHEMES = ['tel', 'sip', 'sips', 'frontline'] as const;

/** Longer than any real link; a longer argument is not read. */
export const MAX_DIAL_LINK = 2048;

export type DialRequest =
  /** A phone number, normalised to E.164 (dialled through the PBX's domain). */
  | { kind: 'number'; e164: string; display: string }
  /** A SIP address, reduced to scheme, user and host: parameters and headers from the link are dropped. */
  | { kind: 'sip'; uri: string; display: string };

export type DialLinkResult = { ok: true; request: DialRequest } | { ok: false; reason: DialLinkRefusal };

/** Why a link is not dialled (each has a message in the catalogue: dialLink.refused.*). */
export type DialLinkRefusal = 'too-long' | 'not-a-dial-link' | 'not-a-number' | 'bad-sip-address' | 'unknown-action';

const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]{1,64}$/;
const SIP_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function refuse(reason: DialLinkRefusal): DialLinkResult {
  return { ok: false, reason };
}

function numberRequest(raw: string, defaultRegion: string): DialLinkResult {
  const parsed = normalisePhone(raw, defaultRegion);
  if (parsed.kind !== 'number') return refuse('not-a-number');
  return { ok: true, request: { kind: 'number', e164: parsed.e164, display: formatE164(parsed.e164) } };
}

/** RFC 3966: `tel:+44-20-7946-0958` (global) or `tel:7946-0958;phone-context=+44-20` (local, with its prefix). */
function telLink(rest: string, defaultRegion: string): DialLinkResult {
  const decoded = decode(rest);
  if (decoded === null) return refuse('not-a-number');
  const [number = '', ...params] = decoded.replace(/^\/\//, '').split(';');
  const context = params.map((p) => p.split('=')).find(([k]) => k?.trim().toLowerCase() === 'phone-context')?.[1];
  const local = !number.trim().startsWith('+') && context !== undefined && /^\+[\d\-.() ]+$/.test(context);
  return numberRequest(local ? `${context}${number}` : number, defaultRegion);
}

/** `sip:user@host;params?headers`: a telephone user part is dialled as a number; otherwise the address without params or headers. */
function sipLink(scheme: 'sip' | 'sips', rest: string, defaultRegion: string): DialLinkResult {
  const withoutHeaders = rest.split('?')[0] ?? '';
  const [address = '', ...params] = withoutHeaders.split(';');
  const at = address.lastIndexOf('@');
  if (at <= 0) return refuse('bad-sip-address');
  const user = address.slice(0, at);
  const host = address.slice(at + 1);
  if (!SIP_USER.test(user) || !SIP_HOST.test(host)) return refuse('bad-sip-address');
  const userIsPhone = params.some((p) => p.toLowerCase() === 'user=phone') || /^\+\d[\d\-.()]{5,}$/.test(decode(user) ?? '');
  if (userIsPhone) return numberRequest(decode(user) ?? '', defaultRegion);
  const uri = `${scheme}:${user}@${host.toLowerCase()}`;
  return { ok: true, request: { kind: 'sip', uri, display: `${decode(user) ?? user}@${host.toLowerCase()}` } };
}

/** Query pairs, first value of each name; '+' stays a plus (RFC 3986: `number=+4420…` is a global number). */
function queryParams(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (name !== null && value !== null && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** `frontline://dial?number=…`, `frontline://dial?uri=sip:…` or `frontline://dial/+4420…`. */
function frontlineLink(rest: string, defaultRegion: string): DialLinkResult {
  const m = /^\/\/dial\/?([^?#]*)(?:\?([^#]*))?/i.exec(rest);
  if (m === null) return refuse('unknown-action');
  const query = queryParams(m[2] ?? '');
  const uri = query.get('uri') ?? null;
  if (uri !== null) {
    const inner = parseDialLink(uri, defaultRegion);
    // Only a tel: or sip: link inside: never another frontline:// (no loops).
    return inner.ok && /^(tel|sips?):/i.test(uri.trim()) ? inner : refuse(inner.ok ? 'not-a-dial-link' : inner.reason);
  }
  const number = query.get('number') ?? decode(m[1] ?? '') ?? '';
  return numberRequest(number, defaultRegion);
}

/** Read a dial link; numbers without a country code are read in `defaultRegion` (the phone settings'). */
export function parseDialLink(link: string, defaultRegion: string): DialLinkResult {
  if (link.length > MAX_DIAL_LINK) return refuse('too-long');
  const trimmed = link.trim();
  const colon = trimmed.indexOf(':');
  const scheme = colon < 0 ? '' : trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1);
  switch (scheme) {
    case 'tel':
      return telLink(rest, defaultRegion);
    case 'sip':
    case 'sips':
      return sipLink(scheme, rest, defaultRegion);
    case 'frontline':
      return frontlineLink(rest, defaultRegion);
    default:
      return refuse('not-a-dial-link');
  }
}

/** The dial link among a launch's arguments (Windows and Linux pass it as one), or null. */
export function dialLinkInArgs(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (arg.length > MAX_DIAL_LINK) continue;
    const scheme = /^([a-z]+):/i.exec(arg)?.[1]?.toLowerCase();
    if (scheme !== undefined && (DIAL_SCHEMES as readonly string[]).includes(scheme)) return arg;
  }
  return null;
}

/** What the dialler is given for a confirmed request: an E.164 number or the cleaned SIP address. */
export function dialTarget(request: DialRequest): string {
  return request.kind === 'number' ? request.e164 : request.uri;
}
