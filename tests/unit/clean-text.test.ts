import { describe, expect, it } from 'vitest';
import { cleanName, cleanText, hasUnsafeCharacters } from '../../shared/domain/clean-text';

describe('cleanText', () => {
  it.each([
    ['NUL and C0 controls', 'Ann\u0000a\u0007 Smith', 'Anna Smith'],
    ['DEL and C1 controls', 'Bo\u007Fb\u0085\u009B', 'Bob'],
    ['bidi overrides and isolates', '\u202Egnp.exe\u202C \u2066x\u2069', 'gnp.exe x'],
    ['LRM/RLM/ALM marks and zero-width characters', 'a\u200Eb\u200Fc\u061Cd\u200Be\uFEFF', 'abcde'],
    ['line and paragraph separators, tabs and newlines', ' Jo\n\tLead\u2028Two\u2029 ', 'Jo Lead Two'],
  ])('removes %s', (_what, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('keeps letters of every script and emoji', () => {
    expect(cleanText('Zoë Ñúñez 张伟 محمد 👩🏽‍💻')).toBe('Zoë Ñúñez 张伟 محمد 👩🏽‍💻');
  });

  it('says whether a value holds unsafe characters, every time it is asked', () => {
    expect(hasUnsafeCharacters('Sales\u202E')).toBe(true);
    expect(hasUnsafeCharacters('Sales\u202E')).toBe(true);
    expect(hasUnsafeCharacters('Sales EU')).toBe(false);
  });

  it('cuts a name to its limit without splitting a surrogate pair', () => {
    expect(cleanName('😀😀😀', 2)).toBe('😀😀');
    expect(cleanName('ab cd', 3)).toBe('ab');
  });
});
