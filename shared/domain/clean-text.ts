/**
 * Text a person typed or a caller sent, made safe to store and show: no NUL or other control
 * characters (C0, DEL, C1), no bidirectional overrides, embeddings, isolates or marks (they can
 * reverse the text around them on screen), no zero-width spaces or line/paragraph separators
 * (the joiners emoji and some scripts need stay), whitespace runs folded to one space, trimmed.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/gu;
const SPACES = /[\s\u2028\u2029]+/gu;

export function cleanText(value: string): string {
  return value.replace(UNSAFE, '').replace(SPACES, ' ').trim();
}

/** Whether cleaning would change nothing but surrounding whitespace: used to refuse, rather than silently alter, an identifier. */
export function hasUnsafeCharacters(value: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(value);
}

/** A name (agent, queue, customer, caller display): cleaned, then cut to `max` code points without splitting a surrogate pair. */
export function cleanName(value: string, max = 80): string {
  const cleaned = cleanText(value);
  const points = Array.from(cleaned);
  return points.length <= max ? cleaned : points.slice(0, max).join('').trimEnd();
}
