import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../../shared/contract/events';
import { formatE164 } from '../../../../shared/domain/phone';
import { useApi } from '../../app/stores-context';
import { useSoftphone } from '../softphone';

type Offer = EventPayload<'routing.callbackOffered'>;

/** The router holds the desk for a callback this long (CALLBACK_OFFER_MS); the card goes with it. */
const OFFER_MS = 60_000;

/**
 * A callback task offered to this desk (ADR 0030): a known caller who was released at a queue's max
 * wait. The desk is reserved for it; "Call back" dials the customer and closes the task, "Skip"
 * hands it to another agent. Nothing is dialled without the agent's click.
 */
export function CallbackOffer() {
  const { t } = useTranslation();
  const api = useApi();
  const dial = useSoftphone((s) => s.dial);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => api.on('routing.callbackOffered', (o) => (setOffer(o), setError(null))), [api]);
  useEffect(() => {
    if (offer === null) return undefined;
    const timer = setTimeout(() => setOffer((o) => (o?.taskId === offer.taskId ? null : o)), OFFER_MS);
    return () => clearTimeout(timer);
  }, [offer]);
  if (offer === null) return error === null ? null : <p role="alert">{error}</p>;
  const current = offer;
  async function settle(outcome: 'dialled' | 'skipped'): Promise<void> {
    setOffer(null);
    // Dial first: the call on the desk keeps the router off this agent when the reservation ends.
    if (outcome === 'dialled') await dial(current.caller.e164);
    const r = await api.call('routing.callbackOutcome', { taskId: current.taskId, outcome });
    if (!r.ok) setError(t('callback.failed', { reason: r.error.message }));
  }
  const number = formatE164(current.caller.e164);
  return (
    <section className="pop callback-offer" data-testid="callback-offer" aria-label={t('callback.region')}>
      <p className="routed-banner">
        <strong>{t('callback.title')}</strong> {current.caller.displayName ?? number}
        {current.queue !== null && <> · {current.queue}</>}
      </p>
      <p>{t('callback.body', { number, time: new Date(current.createdAt).toLocaleTimeString() })}</p>
      <div className="modal-actions">
        <button type="button" className="answer" onClick={() => void settle('dialled')}>
          {t('callback.call')}
        </button>
        <button type="button" onClick={() => void settle('skipped')}>
          {t('callback.skip')}
        </button>
      </div>
    </section>
  );
}
