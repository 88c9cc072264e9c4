import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/contract/errors';
import { createI18n, LOCALES, pickLocale } from '../../../renderer/src/i18n/i18n';
import { humanError } from '../../../renderer/src/i18n/human-error';
import { enGB } from '../../../renderer/src/i18n/en-GB';
import { deDE } from '../../../renderer/src/i18n/de-DE';
import { pseudoLocalise } from '../../../renderer/src/i18n/pseudo';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o === 'string') return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix === '' ? k : `${prefix}.${k}`));
}

describe('human error messages', () => {
  it('say what happened and what to do next for every error code, in every locale', () => {
    for (const locale of LOCALES) {
      const t = createI18n(locale).t;
      for (const code of ERROR_CODES) {
        const text = t(`errors.${code}`);
        expect(text, `${locale} ${code}`).not.toContain('errors.');
        expect(text.length, `${locale} ${code}`).toBeGreaterThan(30);
      }
    }
  });

  it('never show the dispatcher’s developer sentence, and name the fields to fix', () => {
    const text = humanError({
      code: 'INVALID_INPUT',
      message: 'invalid input for agent.signIn',
      details: [
        { path: 'extension', message: 'Too small: expected string to have >=1 characters' },
        { path: 'name', message: 'Too big: expected string to have <=80 characters' },
      ],
    });
    expect(text).not.toContain('agent.signIn');
    expect(text).toContain('Extension is too short');
    expect(text).toContain('Your name is too long');
  });

  it('keep a domain sentence from the core as the detail, and drop a method name', () => {
    expect(humanError({ code: 'CONFLICT', message: 'submit the wrap-up first' })).toMatch(/try again\. \(submit the wrap-up first\)$/);
    expect(humanError({ code: 'FORBIDDEN', message: 'board.calls is for supervisors' })).toBe(enGB.errors.FORBIDDEN);
    expect(humanError({ code: 'INTERNAL', message: 'crm.getCustomer failed unexpectedly' })).toBe(enGB.errors.INTERNAL);
  });
});

describe('catalogues', () => {
  it('de-DE has every en-GB key and no other', () => {
    expect(keys(deDE).sort()).toEqual(keys(enGB).sort());
  });

  it('plural forms come from Intl.PluralRules', () => {
    const en = createI18n('en-GB').t;
    expect(en('card.orders', { count: 1 })).toBe('1 order');
    expect(en('card.orders', { count: 3 })).toBe('3 orders');
    expect(createI18n('de-DE').t('card.orders', { count: 1 })).toBe('1 Bestellung');
  });

  it('the pseudo-locale is longer and accented, keeping placeholders', () => {
    const p = pseudoLocalise('Queues {{first}} of {{total}}');
    expect(p).toMatch(/^\[Ǫúéúéš \{\{first\}\} öƒ \{\{total\}\}/);
    expect(p.length).toBeGreaterThan('Queues {{first}} of {{total}}'.length + 4);
  });

  it('picks ?lang=, then the saved choice, then the browser, else en-GB', () => {
    expect(pickLocale('?lang=de-DE', null, ['en-US'])).toBe('de-DE');
    expect(pickLocale('', 'en-XA', ['de'])).toBe('en-XA');
    expect(pickLocale('', null, ['de-AT', 'en'])).toBe('de-DE');
    expect(pickLocale('', null, ['fr-FR'])).toBe('en-GB');
  });
});
