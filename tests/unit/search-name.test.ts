import { describe, expect, it } from 'vitest';
import { searchNameKey, storedSearchName } from '../../electron/core/crm/search-name';

describe('customer name search keys', () => {
  it('stores "last first" lower-cased', () => {
    expect(storedSearchName('Olivia', "O'Brien")).toBe("o'brien olivia");
  });

  it('finds typed names in either order', () => {
    expect(searchNameKey('Bennett')).toEqual(['bennett']);
    expect(searchNameKey('Olivia  Bennett')).toEqual(['olivia bennett', 'bennett olivia']);
    expect(searchNameKey('mary ann smith')).toEqual(['mary ann smith', 'smith mary ann']);
  });
});
