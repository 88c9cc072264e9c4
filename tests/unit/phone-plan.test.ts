import { describe, expect, it } from 'vitest';
import { homeFor, mobileFor, workFor } from '../../electron/core/seed/phone-plan';
import { normalisePhone } from '../../shared/domain/phone';

describe('demo phone plan', () => {
  it('gives every customer id distinct numbers in each plan (no collisions over 300,000 ids)', () => {
    for (const plan of [mobileFor, homeFor, workFor]) {
      const seen = new Set<string>();
      for (let id = 1; id <= 300_000; id++) seen.add(plan(id));
      expect(seen.size).toBe(300_000);
    }
  });

  it('produces numbers libphonenumber reads back unchanged, up to id 10 million', () => {
    for (const id of [1, 2, 999, 123_456, 1_000_000, 9_999_999]) {
      for (const e164 of [mobileFor(id), homeFor(id), workFor(id)]) {
        expect(normalisePhone(e164, 'GB')).toMatchObject({ kind: 'number', e164 });
      }
    }
  });
});
