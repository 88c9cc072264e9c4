import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/stores-context';
import { useSoftphone } from '../softphone';
import { CustomerCard } from './CustomerCard';

/**
 * The pop before the ring (issue 13): the router reserved this desk and pushed the caller's record;
 * it is painted now, and the INVITE that follows takes it over (matched by its decision id).
 */
export function RoutedPreview() {
  const { t } = useTranslation();
  const api = useApi();
  const offer = useSoftphone((s) => Object.values(s.routed).at(-1));
  const decisionId = offer?.decisionId;
  // "routed-painted:<decision>" once this pop is on screen (after the next paint): the INVITE that follows
  // says whether it came before or after (`npm run bench -- routing-pop`). The router holds the INVITE until the
  // desk says so (routing.popShown, bounded: ADR 0048).
  useEffect(() => {
    if (decisionId === undefined) return;
    const frame = requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark(`routed-painted:${decisionId}`);
        // Losing this only costs the router its bound: nothing to show the agent.
        api.call('routing.popShown', { decisionId }).catch(() => undefined);
      }, 0),
    );
    return () => cancelAnimationFrame(frame);
  }, [decisionId, api]);
  if (offer === undefined) return null;
  const one = offer.lookup?.match === 'one' ? offer.lookup.customers[0] : undefined;
  const who = one?.displayName ?? offer.caller.displayName ?? offer.caller.e164 ?? t('pop.withheldNumber');
  return (
    <div className="pop" data-testid="routed-pop" data-pop-state="routed" aria-live="polite">
      <p className="routed-banner">
        <strong>{t('pop.onItsWay')}</strong> <span translate="no">{who}</span>
        {offer.queue !== null && (
          <>
            {' · '}
            <span translate="no">{offer.queue}</span>
          </>
        )}
        {offer.vip && <span className="badge badge-vip"> {t('pop.vip')}</span>}
        {offer.sticky && <span className="badge"> {t('pop.servedLast')}</span>}
      </p>
      {one !== undefined && <CustomerCard customer={one} />}
    </div>
  );
}
