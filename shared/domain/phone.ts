import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { PhoneParse } from '../contract/schemas/phone';

/** Longest input we try to read as a number; caller IDs are attacker controlled. */
export const MAX_PHONE_INPUT = 256;

/** What PBXs and carriers put in From / P-Asserted-Identity when the caller withholds the number (RFC 3323 and common practice). */
const WITHHELD_WORDS = new Set([
  '',
  'anonymous',
  'restricted',
  'private',
  'withheld',
  'unavailable',
  'unknown',
  'blocked',
  'anonymous.invalid',
]);

/** Reduce a SIP/tel URI or a display string to the user part: "sip:+4420...@host;user=phone" → "+4420...". */
function userPart(raw: string): string {
  let s = raw.trim();
  const angle = /<([^>]*)>/.exec(s);
  if (angle?.[1] !== undefined) s = angle[1];
  s = s.replace(/^(sips?|tel):/i, '');
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  const semi = s.indexOf(';');
  if (semi >= 0) s = s.slice(0, semi);
  return s.trim();
}

/**
 * Normalise a caller number to E.164 with libphonenumber-js.
 * Numbers whose length is possible for their country are accepted even when the
 * range is not in the metadata yet: a customer on a newly allocated range must still pop.
 */
export function normalisePhone(raw: string, defaultRegion: string): PhoneParse {
  if (raw.length > MAX_PHONE_INPUT) {
    return { kind: 'invalid', raw: raw.slice(0, 64), reason: 'longer than any phone number' };
  }
  const user = userPart(raw);
  const word = user.toLowerCase();
  if (WITHHELD_WORDS.has(word) || WITHHELD_WORDS.has(raw.trim().toLowerCase())) {
    return { kind: 'withheld', raw };
  }
  // "00" international prefix is not understood by every region's metadata; make it explicit.
  const candidate = user.replace(/^00(?=[1-9])/, '+');
  if (!/\d/.test(candidate)) return { kind: 'invalid', raw, reason: 'no digits' };
  const parsed = parsePhoneNumberFromString(candidate, {
    defaultCountry: defaultRegion.toUpperCase() as CountryCode,
    extract: false,
  });
  if (parsed === undefined) return { kind: 'invalid', raw, reason: 'not a phone number' };
  if (!parsed.isPossible()) return { kind: 'invalid', raw, reason: 'wrong length for its country' };
  return {
    kind: 'number',
    e164: parsed.number,
    national: parsed.formatNational(),
    country: parsed.country ?? null,
  };
}

/** Numbers formatted lately: libphonenumber's parse costs ~0.1 ms, and a ringing call's render asks for the same few numbers many times. */
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 500;

/** Human formatting of a stored E.164 number, international style. */
export function formatE164(e164: string): string {
  const known = formatted.get(e164);
  if (known !== undefined) return known;
  const text = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  if (formatted.size >= FORMATTED_KEPT) formatted.delete(formatted.keys().next().value as string);
  formatted.set(e164, text);
  return text;
}

/** Digits with phone punctuation and at least six digits ("+44 (0)20 7946 0958"): a search box query to treat as a number. */
export function looksLikePhone(query: string): boolean {
  return /^[+()\d\s.\-/]+$/.test(query) && query.replace(/\D/g, '').length >= 6;
}
