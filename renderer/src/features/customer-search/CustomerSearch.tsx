import { useTranslation } from 'react-i18next';
import { useState, type FormEvent, type RefObject } from 'react';
import { formatE164 } from '../../../../shared/domain/phone';
import { useCustomers } from './use-customers';

export function CustomerSearch({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const search = useCustomers((s) => s.search);
  const select = useCustomers((s) => s.select);
  const searching = useCustomers((s) => s.searching);
  const results = useCustomers((s) => s.results);
  const searchedBy = useCustomers((s) => s.searchedBy);
  const phoneMatch = useCustomers((s) => s.phoneMatch);
  const selectedId = useCustomers((s) => s.selected?.id ?? null);
  const error = useCustomers((s) => s.error);
  const [query, setQuery] = useState('');

  function submit(e: FormEvent): void {
    e.preventDefault();
    void search(query);
  }

  return (
    <div className="search">
      <form role="search" onSubmit={submit}>
        <label htmlFor="customer-query">{t('search.label')}</label>
        <div className="search-row">
          <input
            id="customer-query"
            ref={inputRef}
            type="search"
            placeholder={t('search.placeholder')}
            value={query}
            maxLength={200}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="submit" disabled={searching}>
            {t('search.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="search-status">
        {searching && t('search.searching')}
        {!searching && phoneMatch !== null && phoneMatch !== 'one' && t(`search.match.${phoneMatch}`)}
        {!searching && searchedBy !== null && searchedBy !== 'phone' && results.length === 0 && t('search.noneFound')}
        {error !== null && <span className="error">{error}</span>}
      </div>
      {results.length > 1 && (
        <ul className="results" aria-label={t('search.results')}>
          {results.map((c) => (
            <li key={c.id}>
              <button type="button" aria-current={c.id === selectedId} onClick={() => void select(c.id)}>
                <span className="result-name" translate="no">
                  {c.displayName}
                </span>
                <span className="muted">
                  #{c.id} · <span translate="no">{c.city ?? '—'}</span> · {c.primaryPhone === null ? t('common.noNumber') : formatE164(c.primaryPhone)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
