import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18nNow } from '../../i18n';
import { availableActions } from '../../../../shared/domain/call/call-state';
import { formatE164 } from '../../../../shared/domain/phone';
import { useSoftphone } from './use-softphone';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useShortcuts } from '../../ui/use-shortcuts';
import { ringingCall, talkingCall } from './call-focus';
import { CallQuality } from './CallQuality';
import { sameName } from './sip-policy';
import type { CallView } from './softphone';


/**
 * Who is calling, as shown and stored: the CRM customer chosen for the number, else the number.
 * The caller's own display name is a claim: shown beside it as "says: …" when it disagrees, never as the caller.
 */
export function callerLabel(call: CallView, customerName?: string | null): { name: string; number: string; says: string | null } {
  const n = call.identity.number;
  const { t } = i18nNow();
  const number = n.kind === 'number' ? formatE164(n.e164) : n.kind === 'withheld' ? t('callBar.withheld') : t('callBar.unreadable');
  const claimed = call.identity.displayName;
  const name = customerName ?? number;
  return { name, number, says: claimed !== null && (customerName == null || !sameName(claimed, customerName)) ? claimed : null };
}

/** The customer the agent has on screen for a call (the one chosen, or the only match), if any. */
export function useCallCustomerName(callId: string): string | null {
  return useSoftphone((s) => {
    const pop = s.pops[callId];
    return pop?.lookup?.customers.find((c) => c.id === pop.chosenCustomerId)?.displayName ?? null;
  });
}

/** Call controls: always on screen, above the pop, never covered by it. Every action has a key. */
export function CallBar() {
  const { t } = useTranslation();
  const calls = useSoftphone((s) => s.calls);
  const registration = useSoftphone((s) => s.registration);
  const detail = useSoftphone((s) => s.registrationDetail);
  const lastError = useSoftphone((s) => s.lastError);
  const run = useSoftphone((s) => s.run);
  const answer = useSoftphone((s) => s.answer);
  const notice = useSoftphone((s) => s.notice);
  // One target per action, whatever else is on the line (call-focus.ts).
  const ringing = ringingCall(calls);
  const talking = talkingCall(calls);

  const shortcuts = useMemo(
    () => ({
      'Alt+Y': () => ringing !== undefined && void answer(ringing.id),
      'Alt+N': () => ringing !== undefined && void run((p) => p.decline(ringing.id)),
      'Alt+H': () =>
        talking !== undefined &&
        void run((p) => (talking.state.phase === 'held' ? p.resume(talking.id) : p.hold(talking.id))),
      'Alt+M': () => talking !== undefined && void run((p) => p.setMuted(talking.id, !talking.state.muted)),
      'Alt+E': () => talking !== undefined && void run((p) => p.hangup(talking.id)),
    }),
    [ringing, talking, run, answer],
  );
  useShortcuts(shortcuts);

  return (
    <section className="call-bar" aria-label={t('callBar.region')}>
      <span className={`reg reg-${registration}`} role="status" data-testid="registration" data-state={registration}>
        {t('callBar.registration', { state: t(`callBar.registrationState.${registration}`) })}
        {detail !== null && registration === 'failed' ? ` (${detail})` : ''}
      </span>
      {calls.length === 0 && <span className="muted">{t('callBar.noCalls')}</span>}
      {calls.map((c) => (
        <CallControls key={c.id} call={c} consult={calls.find((o) => o.id !== c.id && o.direction === 'outbound' && o.state.phase === 'active')} />
      ))}
      {notice !== null && (
        <span className="notice" role="status" data-testid="phone-notice">
          {notice}
        </span>
      )}
      {lastError !== null && (
        <span className="error" role="alert">
          {lastError}
        </span>
      )}
    </section>
  );
}

function CallControls({ call, consult }: { call: CallView; consult: CallView | undefined }) {
  const { t } = useTranslation();
  const run = useSoftphone((s) => s.run);
  const answer = useSoftphone((s) => s.answer);
  const dial = useSoftphone((s) => s.dial);
  useNow(); // re-render every second for the timer
  const [target, setTarget] = useState('');
  const actions = availableActions(call.state);
  const { name, number, says } = callerLabel(call, useCallCustomerName(call.id));
  const phase = call.state.phase;
  const elapsed = performance.now() - call.receivedAt;
  return (
    <div className={`call call-${phase}`} data-testid={`call-${phase}`}>
      <div className="call-who">
        {/* Caller-supplied text: React renders it as text, never as markup. */}
        <span className="call-name" data-testid="caller-name">
          {name}
        </span>
        {name !== number && <span className="muted"> {number}</span>}
        {says !== null && (
          <span className="muted call-says" data-testid="caller-says">
            {t('callBar.says', { name: says })}
          </span>
        )}
        {call.queue !== null && <span className="muted"> · {call.queue}</span>}
        {call.waitedMs !== null && <span className="muted">{t('callBar.waited', { duration: formatDuration(call.waitedMs) })}</span>}
      </div>
      <span className="call-phase">
        {t(`callBar.phase.${phase}`)}
        {call.state.muted && t('callBar.muted')} · {formatDuration(elapsed)}
      </span>
      <div className="call-actions">
        {actions.has('answer') && (
          <button type="button" className="answer" onClick={() => void answer(call.id)}>
            {t('callBar.answer')} <kbd translate="no">Alt+Y</kbd>
          </button>
        )}
        {actions.has('decline') && (
          <button type="button" className="decline" onClick={() => void run((p) => p.decline(call.id))}>
            {t('callBar.decline')} <kbd translate="no">Alt+N</kbd>
          </button>
        )}
        {actions.has('hold') && (
          <button type="button" onClick={() => void run((p) => p.hold(call.id))}>
            {t('callBar.hold')} <kbd translate="no">Alt+H</kbd>
          </button>
        )}
        {phase === 'held' && (
          <button type="button" onClick={() => void run((p) => p.resume(call.id))}>
            {t('callBar.resume')} <kbd translate="no">Alt+H</kbd>
          </button>
        )}
        {actions.has('mute') && (
          <button type="button" aria-pressed={call.state.muted} onClick={() => void run((p) => p.setMuted(call.id, !call.state.muted))}>
            {call.state.muted ? t('callBar.unmute') : t('callBar.mute')} <kbd translate="no">Alt+M</kbd>
          </button>
        )}
        {phase === 'active' && <Keypad callId={call.id} />}
        {phase !== 'ringing' && phase !== 'dialing' && <CallQuality callId={call.id} />}
        {actions.has('transferred') && (
          <form
            className="transfer"
            onSubmit={(e) => {
              e.preventDefault();
              void run((p) => p.blindTransfer(call.id, target));
            }}
          >
            <label>
              <span className="sr-only">{t('callBar.transferTo')}</span>
              <input placeholder={t('callBar.transferPlaceholder')} value={target} onChange={(e) => setTarget(e.target.value)} maxLength={128} />
            </label>
            <button type="submit" disabled={target === ''}>
              {t('callBar.transfer')}
            </button>
            <button type="button" disabled={target === ''} onClick={() => void dial(target)}>
              {t('callBar.consult')}
            </button>
          </form>
        )}
        {phase === 'held' && consult !== undefined && (
          <button type="button" onClick={() => void run((p) => p.attendedTransfer(call.id, consult.id))}>
            {t('callBar.completeTransfer')}
          </button>
        )}
        {actions.has('hangup') && (
          <button type="button" className="decline" onClick={() => void run((p) => p.hangup(call.id))}>
            {t('callBar.hangUp')} <kbd translate="no">Alt+E</kbd>
          </button>
        )}
      </div>
    </div>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function Keypad({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const run = useSoftphone((s) => s.run);
  // In-band RFC 2833 by default; SIP INFO for PBXs and IVRs that only read signalling.
  const [viaInfo, setViaInfo] = useState(false);
  return (
    <details className="keypad">
      <summary>{t('callBar.keypad')}</summary>
      <div className="keys" role="group" aria-label={t('callBar.dtmfKeypad')}>
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => void run((p) => p.sendDtmf(callId, k, viaInfo ? 'info' : 'rfc2833'))}>
            {k}
          </button>
        ))}
      </div>
      <label className="inline">
        <input type="checkbox" checked={viaInfo} onChange={(e) => setViaInfo(e.target.checked)} /> {t('callBar.dtmfInfo')}
      </label>
    </details>
  );
}
