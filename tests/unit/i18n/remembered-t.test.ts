import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { deDE } from '../../../renderer/src/i18n/de-DE';
import { enGB } from '../../../renderer/src/i18n/en-GB';
import { createI18n } from '../../../renderer/src/i18n/i18n';
import { pseudoCatalogue } from '../../../renderer/src/i18n/pseudo';
import { REMEMBERED_MAX } from '../../../renderer/src/i18n/remembered-t';

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    return typeof v === 'string' ? [key.replace(/_(zero|one|two|few|many|other)$/, '')] : leafKeys(v, key);
  });
}

/** i18next as it is without the memory, same catalogues and options. */
function plainI18n(locale: string) {
  const plain = i18next.createInstance();
  void plain.init({
    lng: locale,
    fallbackLng: 'en-GB',
    resources: { 'en-GB': { translation: enGB }, 'de-DE': { translation: deDE }, 'en-XA': { translation: pseudoCatalogue(enGB) } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return plain;
}

/** i18next's translator (not in its public types): every string it resolves goes through its translate(). */
const translatorOf = (i: ReturnType<typeof createI18n>) => (i as unknown as { translator: { translate: (...args: unknown[]) => unknown } }).translator;

/** The `t` react-i18next's useTranslation gets. */
const hookT = (i: ReturnType<typeof createI18n>) => i.getFixedT(i.language, 'translation', undefined, { scopeNs: ['translation'] } as never);

const OPTION_SETS = [undefined, { count: 1 }, { count: 7, number: '+44 20 7946 0958', name: 'Ann' }, { id: 12, city: 'Leeds', since: '1 Mar 2020', tenure: '2 years', amount: '£3.00' }];

describe('translations remembered per language (ADR 0055)', () => {
  it('gives exactly what i18next gives for every key of every locale, asked twice, through the hook and the instance', () => {
    const keys = [...new Set(leafKeys(enGB as unknown as Tree))];
    for (const locale of ['en-GB', 'de-DE', 'en-XA'] as const) {
      const remembered = createI18n(locale);
      const plain = plainI18n(locale);
      const t = hookT(remembered);
      for (const key of keys) {
        for (const options of OPTION_SETS) {
          const expected = plain.t(key, options as never);
          expect(t(key, options as never)).toBe(expected);
          expect(t(key, options as never)).toBe(expected);
          expect(remembered.t(key, options as never)).toBe(expected);
        }
      }
    }
  });

  it('asks i18next once for a string it has given before', () => {
    const i = createI18n('en-GB');
    const translate = vi.spyOn(translatorOf(i), 'translate');
    const t = hookT(i);
    t('card.balance');
    t('card.orders', { count: 3 });
    const asked = translate.mock.calls.length;
    expect(asked).toBeGreaterThan(0);
    for (let n = 0; n < 10; n++) {
      expect(t('card.balance')).toBe('Balance');
      t('card.orders', { count: 3 });
    }
    expect(translate.mock.calls.length).toBe(asked);
    // Another value is another string.
    expect(t('card.orders', { count: 1 })).not.toBe(t('card.orders', { count: 3 }));
  });

  it('follows a change of language and resources added later', async () => {
    const i = createI18n('en-GB');
    const t = hookT(i);
    const english = t('card.balance');
    expect(i.t('card.balance')).toBe(english);
    await i.changeLanguage('de-DE');
    const german = plainI18n('de-DE').t('card.balance');
    expect(german).not.toBe(english);
    expect(hookT(i)('card.balance')).toBe(german);
    expect(i.t('card.balance')).toBe(german);
    i.addResource('de-DE', 'translation', 'card.balance', 'Saldo (neu)');
    expect(i.t('card.balance')).toBe('Saldo (neu)');
    expect(hookT(i)('card.balance')).toBe('Saldo (neu)');
  });

  it('leaves calls with objects among the options (Trans, returnObjects) to i18next every time', () => {
    const i = createI18n('en-GB');
    const translate = vi.spyOn(translatorOf(i), 'translate');
    const t = hookT(i);
    const withObject = { name: 'Ann', interpolation: { escapeValue: false } };
    const first = t('pop.says', withObject as never);
    const asked = translate.mock.calls.length;
    expect(t('pop.says', withObject as never)).toBe(first);
    expect(translate.mock.calls.length).toBeGreaterThan(asked);
    expect(typeof t('card.tier', { returnObjects: true } as never)).toBe('object');
  });

  it('starts its memory again when full and still answers right', () => {
    const i = createI18n('en-GB');
    const plain = plainI18n('en-GB');
    const t = hookT(i);
    for (let n = 0; n <= REMEMBERED_MAX + 10; n++) t('card.orders', { count: n });
    for (const n of [0, 1, 2, REMEMBERED_MAX]) expect(t('card.orders', { count: n })).toBe(plain.t('card.orders', { count: n }));
  });
});
