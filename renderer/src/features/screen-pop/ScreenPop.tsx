import { Trans, useTranslation } from 'react-i18next';
import { useLayoutEffect } from 'react';
import { useSoftphone } from '../softphone';
import { callerLabel } from '../softphone';
import type { CallView } from '../softphone';
import { CustomerCard } from './CustomerCard';
import { QuickCreate } from './QuickCreate';

/** The caller's record for the current call: shown while it rings, before anyone answers. */
export function ScreenPop({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const pop = useSoftphone((s) => s.pops[call.id]);
  const choose = useSoftphone((s) => s.choose);
  const adopt = useSoftphone((s) => s.adopt);
  const { number, says } = callerLabel(call);
  const ready = pop !== undefined && (pop.lookup !== null || pop.error !== null);
  usePopPaintMeasure(call, ready);
  if (pop === undefined || (pop.lookup === null && pop.error === null)) {
    return (
      <div className="pop pop-loading" data-testid="pop" data-pop-state="loading" aria-busy="true">
        {t('pop.lookingUp', { number })}
      </div>
    );
  }
  if (pop.error !== null || pop.lookup === null) {
    return (
      <div className="pop" data-testid="pop" data-pop-state="error" role="alert">
        {t('pop.lookupFailed', { error: pop.error ?? '' })}
      </div>
    );
  }
  const lookup = pop.lookup;
  const chosen = lookup.customers.find((c) => c.id === pop.chosenCustomerId);
  if (chosen !== undefined) {
    return (
      <div className="pop" data-testid="pop" data-pop-state="customer">
        {lookup.match === 'many' && (
          <button type="button" className="link" onClick={() => choose(call.id, null)}>
            {t('pop.otherCustomers')}
          </button>
        )}
        <CustomerCard customer={chosen} callId={call.id} />
      </div>
    );
  }
  if (lookup.match === 'many') {
    return (
      <div className="pop" data-testid="pop" data-pop-state="chooser">
        <h2>{t('pop.shared', { count: lookup.customers.length, number })}</h2>
        <p className="muted">{t('pop.askWho')}</p>
        <ul className="results" aria-label={t('pop.onThisNumber')}>
          {lookup.customers.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => choose(call.id, c.id)}>
                <span className="result-name" translate="no">
                  {c.displayName}
                </span>
                <span className="muted">
                  #{c.id} · <span translate="no">{c.city ?? '—'}</span> · {t(`card.tier.${c.value.tier}`)}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {lookup.truncated && <p className="muted">{t('pop.truncated')}</p>}
      </div>
    );
  }
  return (
    <div className="pop" data-testid="pop" data-pop-state={lookup.match}>
      <h2>{lookup.match === 'withheld' ? t('pop.withheldTitle') : t('pop.notInCrm')}</h2>
      <p>
        {lookup.match === 'withheld' ? t('pop.withheldText') : lookup.match === 'invalid' ? t('pop.invalidText', { number }) : t('pop.unknownText', { number })}
      </p>
      {says !== null && (
        <p className="muted">
          <Trans i18nKey="pop.says" values={{ name: says }} components={{ caller: <span data-testid="pop-display-name" translate="no" /> }} />
        </p>
      )}
      <QuickCreate phone={lookup.phone.kind === 'number' ? lookup.phone.e164 : ''} onCreated={(c) => adopt(call.id, c)} />
    </div>
  );
}

/**
 * Records, in the standard Performance timeline, how long after the INVITE reached the page
 * the pop was on screen ("pop-painted:<call id>"): the figure `npm run bench -- pop` reports.
 * requestAnimationFrame runs just before the next paint; the task it queues runs just after it.
 * Then tells the store the pop is on screen.
 */
function usePopPaintMeasure(call: CallView, ready: boolean): void {
  const popPainted = useSoftphone((s) => s.popPainted);
  // A layout effect: its frame callback is asked for before any passive effect's (the offer panel's
  // impression), so the task that sees the pop painted is the first queued after that paint.
  useLayoutEffect(() => {
    if (!ready) return;
    const frame = requestAnimationFrame(() =>
      setTimeout(() => {
        performance.measure(`pop-painted:${call.id}`, { start: call.receivedAt, end: performance.now() });
        // An auto-answer waits for this (the pop before the media set-up).
        popPainted(call.id);
      }, 0),
    );
    return () => cancelAnimationFrame(frame);
  }, [call.id, call.receivedAt, ready, popPainted]);
}
