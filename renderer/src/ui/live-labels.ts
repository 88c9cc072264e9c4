/**
 * A fixed set of labels read from the catalogue each time one is shown (so the locale chosen at
 * start applies, and a Node test sees en-GB): `read` turns a key into its text.
 */
export function liveLabels<K extends string>(keys: readonly K[], read: (key: K) => string): Readonly<Record<K, string>> {
  return Object.defineProperties({} as Record<K, string>, Object.fromEntries(keys.map((k) => [k, { enumerable: true, get: () => read(k) }])));
}
