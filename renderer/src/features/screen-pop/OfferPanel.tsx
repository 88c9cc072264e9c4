import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { OfferCandidateDto } from '../../../../shared/contract/schemas/crm';
import { useApi } from '../../app/stores-context';
import { formatMoney, formatPercent } from '../../ui/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { humanError } from '../../i18n';
import { useSoftphone } from '../softphone';

type Outcome = 'accepted' | 'declined';

/**
 * The next-best-offer with its one-sentence reason, and the customer's answer recorded in one
 * click. During a call (`callId`), the impression is reported once the offers are painted, and
 * answers go with the call's own reports (ADR 0016); outside a call they are recorded directly.
 */
export function OfferPanel({ customerId, offers, currency, callId }: { customerId: number; offers: readonly OfferCandidateDto[]; currency: string; callId?: string | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const [recorded, setRecorded] = useState<Record<string, Outcome>>({});
  const [error, setError] = useState<string | null>(null);
  const onCall = useSoftphone((s) => (callId === undefined ? undefined : s.pops[callId]?.offerAnswers));
  const offersPainted = useSoftphone((s) => s.offersPainted);
  const answerOffer = useSoftphone((s) => s.answerOffer);
  const answered = onCall ?? recorded;
  const [best, ...others] = offers;
  useOffersPainted(callId, customerId, offers.length > 0, offersPainted);
  if (best === undefined) {
    return (
      <section className="offer offer-none" aria-label={t('offer.label')}>
        <h3>{t('offer.label')}</h3>
        <p className="muted">{t('offer.nothing')}</p>
      </section>
    );
  }

  async function record(code: string, outcome: Outcome): Promise<void> {
    if (callId !== undefined) return answerOffer(callId, code, outcome);
    const r = await api.call('offers.recordOutcome', { customerId, offerCode: code, outcome });
    if (r.ok) setRecorded((a) => ({ ...a, [code]: outcome }));
    else setError(humanError(r.error));
  }

  return (
    <section className={`offer offer-${best.kind}`} aria-label={t('offer.label')}>
      <h3>{t('offer.label')}</h3>
      <div className="offer-main">
        <div>
          <div className="offer-title" data-testid="offer-title" translate="no">
            {best.title}
          </div>
          <p className="offer-reason" translate="no">
            {best.reason}
          </p>
          <p className="fact-hint">
            {t('offer.facts', { likely: formatPercent(best.propensity * 100, 0), value: formatMoney(best.value, currency) })}
          </p>
        </div>
        <div className="offer-actions">
          {answered[best.code] === undefined ? (
            <>
              <button type="button" onClick={() => void record(best.code, 'accepted')}>
                {t('offer.accepted')}
              </button>
              <button type="button" onClick={() => void record(best.code, 'declined')}>
                {t('offer.declined')}
              </button>
            </>
          ) : (
            <span role="status">{t('offer.recorded', { outcome: t(`offer.outcome.${answered[best.code] ?? 'accepted'}`) })}</span>
          )}
        </div>
      </div>
      {others.length > 0 && (
        <details>
          <summary>{t('offer.more', { count: others.length })}</summary>
          <ul className="offer-others">
            {others.map((o) => (
              <li key={o.code} translate="no">
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

/** Once the offers are on screen (the frame after they render), the call's pop says so: that is the impression. */
function useOffersPainted(callId: string | undefined, customerId: number, any: boolean, painted: (callId: string, customerId: number) => void): void {
  useEffect(() => {
    if (callId === undefined || !any) return;
    const frame = requestAnimationFrame(() => setTimeout(() => painted(callId, customerId), 0));
    return () => cancelAnimationFrame(frame);
  }, [callId, customerId, any, painted]);
}
