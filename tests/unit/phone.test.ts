import { describe, expect, it } from 'vitest';
import { formatE164, looksLikePhone, normalisePhone } from '../../shared/domain/phone';

describe('normalisePhone', () => {
  it.each([
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['020 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['sip:+442079460958@pbx.example;user=phone', '+442079460958'],
    ['"Olivia" <sip:02079460958@10.0.0.1>', '+442079460958'],
    ['tel:+14155550100', '+14155550100'],
  ])('reads %s as %s', (raw, e164) => {
    const parsed = normalisePhone(raw, 'GB');
    expect(parsed).toMatchObject({ kind: 'number', e164 });
  });

  it('uses the default region for national numbers', () => {
    expect(normalisePhone('(415) 555-0100', 'US')).toMatchObject({ kind: 'number', e164: '+14155550100', country: 'US' });
    expect(normalisePhone('(415) 555-0100', 'GB')).not.toMatchObject({ e164: '+14155550100' });
  });

  it.each(['anonymous', 'Anonymous', '"Anonymous" <sip:anonymous@anonymous.invalid>', 'Restricted', 'unavailable', '', '  '])(
    'treats %j as withheld',
    (raw) => {
      expect(normalisePhone(raw, 'GB').kind).toBe('withheld');
    },
  );

  it('rejects text with no digits, too-short numbers and unknown country codes with a reason', () => {
    for (const raw of ['hello', '12', '+999 1234567']) {
      const parsed = normalisePhone(raw, 'GB');
      expect(parsed.kind).toBe('invalid');
      if (parsed.kind === 'invalid') expect(parsed.reason.length).toBeGreaterThan(0);
    }
  });

  it('refuses oversized caller input without parsing it and keeps only a bounded excerpt', () => {
    const parsed = normalisePhone('9'.repeat(5000), 'GB');
    expect(parsed).toMatchObject({ kind: 'invalid', reason: 'longer than any phone number' });
    if (parsed.kind === 'invalid') expect(parsed.raw.length).toBeLessThanOrEqual(64);
  });

  it('does not mistake markup in a display name for a number', () => {
    expect(normalisePhone('<img src=x onerror=alert(1)>', 'GB').kind).toBe('invalid');
  });
});

describe('formatE164', () => {
  it('formats in international style and passes through what it cannot read', () => {
    expect(formatE164('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatE164('not-a-number')).toBe('not-a-number');
  });
});

describe('looksLikePhone', () => {
  it('accepts punctuated numbers and rejects names, emails and short ids', () => {
    expect(looksLikePhone('+44 (0)20 7946 0958')).toBe(true);
    expect(looksLikePhone('07700 900123')).toBe(true);
    expect(looksLikePhone('Bennett')).toBe(false);
    expect(looksLikePhone('a@b.com')).toBe(false);
    expect(looksLikePhone('12345')).toBe(false);
  });
});
