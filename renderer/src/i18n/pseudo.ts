const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/**
 * The pseudo-locale: every letter accented and the text about 40 % longer, inside [brackets], so
 * a screenshot shows at once a string that is not in the catalogue (plain) or clipped (no "]").
 * {{placeholders}} and <tags> are left alone.
 */
export function pseudoLocalise(text: string): string {
  let out = '';
  let letters = 0;
  for (const part of text.split(/(\{\{[^}]+\}\}|<[^>]+>)/)) {
    if (part.startsWith('{{') || part.startsWith('<')) {
      out += part;
      continue;
    }
    for (const ch of part) {
      out += ACCENTED[ch] ?? ch;
      if (/[A-Za-z]/.test(ch)) letters++;
    }
  }
  const padding = Math.max(1, Math.round(letters * 0.4));
  return `[${out}${' ~'.repeat(Math.ceil(padding / 2)).slice(0, padding)}]`;
}

/** A whole catalogue through pseudoLocalise, keeping its shape. */
export function pseudoCatalogue<T>(catalogue: T): T {
  if (typeof catalogue === 'string') return pseudoLocalise(catalogue) as T;
  return Object.fromEntries(Object.entries(catalogue as Record<string, unknown>).map(([k, v]) => [k, pseudoCatalogue(v)])) as T;
}
