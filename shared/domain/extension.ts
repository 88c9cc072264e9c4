/**
 * What an agent's or supervisor's extension may be — the one rule for every way an account is made
 * (the board's Agents dialog, the demo sign-in, the supervisor CLI) and for the SIP user it becomes:
 * letters, digits, dot, dash, underscore; no slash, space, "@" or ":" (it is a SIP user and part of paths).
 */
export const EXTENSION_PATTERN = /^[0-9A-Za-z_.-]{1,32}$/;
export const EXTENSION_RULE = 'an extension is 1–32 letters, digits, dot, dash or underscore';

export function isValidExtension(value: string): boolean {
  return EXTENSION_PATTERN.test(value);
}
