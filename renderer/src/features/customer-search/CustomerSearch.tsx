import { useState, type FormEvent, type RefObject } from 'react';
import { formatE164 } from '../../../../shared/domain/phone';
import { useCustomers } from './use-customers';

const MATCH_TEXT = {
  none: 'No customer has this number.',
  withheld: 'That number is withheld.',
  invalid: 'That is not a phone number we can read.',
  many: 'Several customers share this number — choose one.',
  one: '',
} as const;

export function CustomerSearch({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
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
        <label htmlFor="customer-query">Find a customer</label>
        <div className="search-row">
          <input
            id="customer-query"
            ref={inputRef}
            type="search"
            placeholder="Phone, name, email or #id"
            value={query}
            maxLength={200}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="submit" disabled={searching}>
            Search
          </button>
        </div>
      </form>
      <div aria-live="polite" className="search-status">
        {searching && 'Searching…'}
        {!searching && phoneMatch !== null && MATCH_TEXT[phoneMatch]}
        {!searching && searchedBy !== null && searchedBy !== 'phone' && results.length === 0 && 'No customers found.'}
        {error !== null && <span className="error">{error}</span>}
      </div>
      {results.length > 1 && (
        <ul className="results" aria-label="Matching customers">
          {results.map((c) => (
            <li key={c.id}>
              <button type="button" aria-current={c.id === selectedId} onClick={() => void select(c.id)}>
                <span className="result-name">{c.displayName}</span>
                <span className="muted">
                  #{c.id} · {c.city ?? '—'} · {c.primaryPhone === null ? 'no number' : formatE164(c.primaryPhone)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
