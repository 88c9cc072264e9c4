/** The stored, indexed name key: "last first", lower-cased, single-spaced. */
export function storedSearchName(firstName: string, lastName: string): string {
  return `${lastName} ${firstName}`.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Prefix keys for a typed name: "smith" → ["smith"]; "mary ann smith" → ["mary ann smith", "smith mary ann"],
 * so both "first last" and "last first" find the customer.
 */
export function searchNameKey(query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const keys = [words.join(' ')];
  if (words.length >= 2) keys.push([words[words.length - 1], ...words.slice(0, -1)].join(' '));
  return [...new Set(keys)];
}
