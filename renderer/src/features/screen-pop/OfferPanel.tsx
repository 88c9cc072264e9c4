import { useState } from 'react';
import type { OfferCandidateDto } from '../../../../shared/contract/schemas/crm';
import { useApi } from '../../app/stores-context';
import { formatMoney } from '../../ui/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { humanError } from '../../i18n';

type Outcome = 'accepted' | 'declined';

/** The next-best-offer with its one-sentence reason, and the customer's answer recorded in one click. */
export function OfferPanel({ customerId, offers, currency }: { customerId: number; offers: readonly OfferCandidateDto[]; currency: string }) {
  const api = useApi();
  const [answered, setAnswered] = useState<Record<string, Outcome>>({});
  const [error, setError] = useState<string | null>(null);
  const [best, ...others] = offers;
  if (best === undefined) {
    return (
      <section className="offer offer-none" aria-label="Next best offer">
        <h3>Next best offer</h3>
        <p className="muted">Nothing to offer this customer right now.</p>
      </section>
    );
  }

  async function record(code: string, outcome: Outcome): Promise<void> {
    const r = await api.call('offers.recordOutcome', { customerId, offerCode: code, outcome });
    if (r.ok) setAnswered((a) => ({ ...a, [code]: outcome }));
    else setError(humanError(r.error));
  }

  return (
    <section className={`offer offer-${best.kind}`} aria-label="Next best offer">
      <h3>Next best offer</h3>
      <div className="offer-main">
        <div>
          <div className="offer-title" data-testid="offer-title">
            {best.title}
          </div>
          <p className="offer-reason">{best.reason}</p>
          <p className="fact-hint">
            {Math.round(best.propensity * 100)}% likely · worth {formatMoney(best.value, currency)} · score = propensity × value
          </p>
        </div>
        <div className="offer-actions">
          {answered[best.code] === undefined ? (
            <>
              <button type="button" onClick={() => void record(best.code, 'accepted')}>
                Accepted
              </button>
              <button type="button" onClick={() => void record(best.code, 'declined')}>
                Declined
              </button>
            </>
          ) : (
            <span role="status">Recorded: {answered[best.code]}</span>
          )}
        </div>
      </div>
      {others.length > 0 && (
        <details>
          <summary>{others.length} more</summary>
          <ul className="offer-others">
            {others.map((o) => (
              <li key={o.code}>
                <strong>{o.title}</strong> — {o.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}
