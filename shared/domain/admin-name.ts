import { cleanText } from './clean-text';

/** Longest names an administrator may give (in characters, after cleaning): stated in the error that refuses a longer one. */
export const NAME_LIMITS = { queue: 64, agent: 80 } as const;

export type CheckedName = { ok: true; name: string } | { ok: false; error: string };

/**
 * A name an administrator typed (a queue, an agent, a supervisor): cleaned like every stored text,
 * then refused when empty or longer than `max` characters — never cut, since a cut name is another
 * name (two long queue names sharing their first 64 characters would have become one queue).
 */
export function checkAdminName(value: string, what: string, max: number): CheckedName {
  const name = cleanText(value);
  if (name === '') return { ok: false, error: `a ${what} needs a name` };
  const length = Array.from(name).length;
  if (length > max) return { ok: false, error: `a ${what} name is at most ${max} characters (this one has ${length})` };
  return { ok: true, name };
}
