import { describe, expect, it } from 'vitest';
import { checkAdminName } from '../../shared/domain/admin-name';
import { queueNameKey } from '../../shared/domain/queue-name';

describe('names an administrator gives', () => {
  it('are cleaned, and refused (never cut) past their limit, with the limit and the length stated', () => {
    expect(checkAdminName('  Sales\u202E  EU ', 'queue', 64)).toEqual({ ok: true, name: 'Sales EU' });
    expect(checkAdminName('😀'.repeat(64), 'queue', 64)).toEqual({ ok: true, name: '😀'.repeat(64) });
    expect(checkAdminName('😀'.repeat(65), 'queue', 64)).toEqual({ ok: false, error: 'a queue name is at most 64 characters (this one has 65)' });
    expect(checkAdminName(' \u200B ', 'queue', 64)).toEqual({ ok: false, error: 'a queue needs a name' });
  });
});

describe('queue name keys', () => {
  it('make names differing only by case or compatibility form one queue', () => {
    for (const same of ['SALES', 'sales', ' Sales ', 'ｓａｌｅｓ']) expect(queueNameKey(same)).toBe(queueNameKey('Sales'));
    expect(queueNameKey('STRASSE')).toBe(queueNameKey('Straße'));
    expect(queueNameKey('ÖST')).toBe(queueNameKey('öst'));
  });

  it('keep different names apart', () => {
    expect(queueNameKey('Sales EU')).not.toBe(queueNameKey('Sales'));
    expect(queueNameKey('Sales-EU')).not.toBe(queueNameKey('Sales EU'));
  });
});
