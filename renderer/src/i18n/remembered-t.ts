import type { i18n } from 'i18next';

/** Translations remembered per instance before the memory starts again (the desk uses a few hundred). */
export const REMEMBERED_MAX = 4_000;

/** i18next's `t` functions, untyped here: the wrapper passes whatever it is given straight through. */
type AnyT = ((...args: unknown[]) => unknown) & { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown };

/**
 * Every `t` of the instance (react-i18next's `useTranslation` and `i18nNow().t`) remembers what it
 * returned, per language (ADR 0055). i18next's `t` costs 10–70 µs a string (its `getFixedT` copies
 * all of i18next's options on every call, then resolves, interpolates and pluralises): a screen pop
 * translates ~35 strings, on the path that must paint before the agent answers.
 *
 * Remembered: a string key (no selector function, no key list) with no options or with options whose
 * values are all strings, numbers, booleans, null or undefined, and a string result. Anything else
 * (React elements for `<Trans>`, `returnObjects`, nested option objects) goes to i18next every time.
 * The memory is emptied when the language changes or resources are added or removed, and when it is full.
 */
export function rememberTranslations(instance: i18n): void {
  const memory = new Map<string, string>();
  const forget = (): void => memory.clear();
  instance.on('languageChanged', forget);
  instance.on('initialized', forget);
  instance.store.on('added', forget);
  instance.store.on('removed', forget);

  const remembering = (fixed: AnyT, scope: string): AnyT => {
    const t: AnyT = (key: unknown, options?: unknown, ...rest: unknown[]) => {
      const id = typeof key === 'string' && rest.length === 0 ? memoryKey(scope, instance.language, key, options) : null;
      if (id === null) return fixed(key, options, ...rest);
      const known = memory.get(id);
      if (known !== undefined) return known;
      const value = fixed(key, options);
      if (typeof value === 'string') {
        if (memory.size >= REMEMBERED_MAX) memory.clear();
        memory.set(id, value);
      }
      return value;
    };
    // react-i18next and callers read these off the function.
    Object.assign(t, { lng: fixed.lng, lngs: fixed.lngs, ns: fixed.ns, keyPrefix: fixed.keyPrefix });
    return t;
  };

  const getFixedT = instance.getFixedT.bind(instance) as unknown as (...args: unknown[]) => AnyT;
  const rememberingGetFixedT = (lng: unknown, ns: unknown, keyPrefix: unknown, ...more: unknown[]): AnyT => {
    const fixed = getFixedT(lng, ns, keyPrefix, ...more);
    const scope = more.length > 1 || typeof keyPrefix === 'function' ? null : scopeOf(lng, ns, keyPrefix, more[0]);
    return scope === null ? fixed : remembering(fixed, scope);
  };
  const target = instance as unknown as { getFixedT: unknown; t: unknown };
  target.getFixedT = rememberingGetFixedT;
  target.t = remembering(instance.t.bind(instance) as unknown as AnyT, '|');
}

/** What a fixed `t` is bound to (languages, namespaces, key prefix) as part of the memory's key; null when it cannot be written as one. */
function scopeOf(lng: unknown, ns: unknown, keyPrefix: unknown, fixedOptions: unknown): string | null {
  const part = (v: unknown): string | null =>
    v === undefined || v === null ? '' : typeof v === 'string' ? v : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(',') : null;
  // react-i18next's useTranslation passes { scopeNs: [namespaces] }; any other fixed option is not remembered.
  if (fixedOptions !== undefined && fixedOptions !== null && typeof fixedOptions !== 'object') return null;
  const fixed = fixedOptions as { scopeNs?: unknown } | undefined | null;
  const others = fixed === undefined || fixed === null ? [] : Object.keys(fixed).filter((k) => k !== 'scopeNs');
  if (others.length > 0) return null;
  const parts = [part(lng), part(ns), part(keyPrefix), part(fixed?.scopeNs)];
  return parts.includes(null) ? null : parts.join('|');
}

/** The memory's key for one call, or null when the call is not one to remember. */
function memoryKey(scope: string, language: string | undefined, key: string, options: unknown): string | null {
  const head = `${language ?? ''}\u0000${scope}\u0000${key}`;
  if (options === undefined || options === null) return head;
  if (typeof options !== 'object' || Array.isArray(options)) return null; // a default value or overloaded call: leave it to i18next
  let tail = '';
  for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
    if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    if (name === 'returnObjects' && value === true) return null;
    tail += `\u0000${name}\u0001${typeof value === 'string' ? 's' : ''}${String(value)}`;
  }
  return head + tail;
}
