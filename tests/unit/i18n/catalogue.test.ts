import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deDE } from '../../../renderer/src/i18n/de-DE';
import { enGB } from '../../../renderer/src/i18n/en-GB';
import { pseudoCatalogue } from '../../../renderer/src/i18n/pseudo';
import { REPO_ROOT } from '../../support/app-process';
import { englishLiterals } from '../../support/english-literals';
import { tempDir } from '../../support/temp-dir';

type Tree = { [key: string]: string | Tree };
const LOCALES: Record<string, Tree> = { 'en-GB': enGB as unknown as Tree, 'de-DE': deDE as unknown as Tree, 'en-XA': pseudoCatalogue(enGB) as unknown as Tree };

/** Every leaf key of a catalogue, dotted, with its text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

/** The t('…') keys the renderer's source uses: literal keys, and the fixed prefix of template keys (t(`a.b.${x}`)). */
function keysInSource(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !path.includes(`${join('src', 'i18n')}`)) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) literal.add(m[1] as string);
        for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z][\w.-]*)\.\$\{/g)) prefixes.add(m[1] as string);
      }
    }
  };
  walk(join(REPO_ROOT, 'renderer', 'src'));
  return { literal, prefixes };
}

describe('the message catalogue (en-GB, de-DE, en-XA)', () => {
  const base = leaves(LOCALES['en-GB'] as Tree);

  for (const [locale, tree] of Object.entries(LOCALES)) {
    it(`${locale} has every key en-GB has, no other, none empty, with the same {{placeholders}}`, () => {
      const mine = leaves(tree);
      expect([...mine.keys()].filter((k) => !base.has(k)), 'extra keys').toEqual([]);
      expect([...base.keys()].filter((k) => !mine.has(k)), 'missing keys').toEqual([]);
      expect([...mine].filter(([, v]) => v.trim() === '').map(([k]) => k), 'empty').toEqual([]);
      const differing = [...base].filter(([k, v]) => JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(mine.get(k) ?? ''))).map(([k]) => k);
      expect(differing, 'placeholders').toEqual([]);
    });
  }

  it('every key the renderer asks for exists in every locale (plural keys by their _one/_other forms)', () => {
    const { literal, prefixes } = keysInSource();
    expect(literal.size).toBeGreaterThan(100);
    for (const [locale, tree] of Object.entries(LOCALES)) {
      const mine = leaves(tree);
      const missing = [...literal].filter((k) => !mine.has(k) && !(mine.has(`${k}_one`) && mine.has(`${k}_other`)));
      expect(missing, locale).toEqual([]);
      const noGroup = [...prefixes].filter((p) => ![...mine.keys()].some((k) => k.startsWith(`${p}.`)));
      expect(noGroup, `${locale} template prefixes`).toEqual([]);
    }
  });

  it('de-DE is translated, not copied: most of its texts differ from en-GB', () => {
    const de = leaves(LOCALES['de-DE'] as Tree);
    const same = [...base].filter(([k, v]) => de.get(k) === v && /[a-z]{4,}/.test(v)).map(([k]) => k);
    // A few words are the same in both (Offline, Demo): at most 5 % of the catalogue.
    expect(same.length, same.join(', ')).toBeLessThanOrEqual(Math.ceil(base.size * 0.05));
  });
});

/** What may stay as written in a component: key names, the product's name, example addresses in placeholders. */
const NOT_ENGLISH = new Set(['Alt', 'Ctrl', 'Enter', 'Esc', 'Frontline', 'wss://pbx.example:8089/ws', 'pbx.example']);

describe('no hard-coded English in the renderer (every component, board, dialogs, desk and settings)', () => {
  it('no component renders words that are not from the catalogue: JSX text, spoken attributes, rendered literals', () => {
    expect(englishLiterals(join(REPO_ROOT, 'renderer', 'src'), NOT_ENGLISH)).toEqual([]);
  });

  it('the check finds each kind of hard-coded text (so it can fail)', () => {
    const temp = tempDir('english-literals-');
    const dir = join(temp.dir, 'src');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'Sample.tsx'),
      [
        "export function Sample({ on, t }: { on: boolean; t: (k: string) => string }) {",
        '  return (',
        '    <div className="x" aria-hidden={on ? \'true\' : \'false\'}>',
        '      <button aria-label="Close the panel">×</button>',
        "      <p title={`Calls of ${t('x')}`}>{on ? 'Sound on' : t('muted')}</p>",
        "      {on && 'Loading…'} <kbd>Alt</kbd> {t('fine')} Save",
        '    </div>',
        '  );',
        '}',
      ].join('\n'),
    );
    const found = englishLiterals(dir, NOT_ENGLISH).map((f) => f.replace(/^Sample\.tsx:\d+ /, ''));
    temp.cleanup();
    expect(found.sort()).toEqual(['Calls of', 'Close the panel', 'Loading…', 'Save', 'Sound on'].sort());
  });
});
