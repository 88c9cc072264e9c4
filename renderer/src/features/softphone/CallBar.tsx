import { useMemo, useRef, useState, type RefObject } from 'react';
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
  const consultOf = (c: CallView) => calls.find((o) => o.id !== c.id && o.direction === 'outbound' && o.state.phase === 'active');
  // A held caller with a consultation up: Alt+T completes that transfer (the talking call's form then has Alt+C only).
  const completing = calls.find((c) => c.state.phase === 'held' && consultOf(c) !== undefined);

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
        <CallControls
          key={c.id}
          call={c}
          consult={consultOf(c)}
          keys={c.id === completing?.id ? 'completing' : c.id === talking?.id ? 'talking' : null}
          transferKeyTaken={completing !== undefined}
        />
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

/**
 * One call's controls. `keys`: whether this call takes the transfer, consult and keypad keys (the
 * call being talked on), or Alt+T to complete a consulted transfer (the held caller). Alt+T and
 * Alt+C move to the "Transfer to" field while it is empty, and act once it has a target.
 */
function CallControls({ call, consult, keys, transferKeyTaken }: { call: CallView; consult: CallView | undefined; keys: 'talking' | 'completing' | null; transferKeyTaken: boolean }) {
  const { t } = useTranslation();
  const run = useSoftphone((s) => s.run);
  const answer = useSoftphone((s) => s.answer);
  const dial = useSoftphone((s) => s.dial);
  useNow(); // re-render every second for the timer
  const [target, setTarget] = useState('');
  const targetRef = useRef<HTMLInputElement>(null);
  const keypadRef = useRef<HTMLDetailsElement>(null);
  const actions = availableActions(call.state);
  const { name, number, says } = callerLabel(call, useCallCustomerName(call.id));
  const phase = call.state.phase;
  const canTransfer = actions.has('transferred');
  const shortcuts = useMemo((): Record<string, () => void> => {
    if (keys === 'completing') return { 'Alt+T': () => consult !== undefined && void run((p) => p.attendedTransfer(call.id, consult.id)) };
    if (keys !== 'talking') return {};
    const withTarget = (act: () => void) => () => {
      if (target === '') targetRef.current?.focus();
      else act();
    };
    const bindings: Record<string, () => void> = {};
    if (canTransfer && !transferKeyTaken) bindings['Alt+T'] = withTarget(() => void run((p) => p.blindTransfer(call.id, target)));
    if (canTransfer) bindings['Alt+C'] = withTarget(() => void dial(target));
    if (phase === 'active') {
      bindings['Alt+K'] = () => {
        const keypad = keypadRef.current;
        if (keypad === null) return;
        keypad.open = !keypad.open;
        if (keypad.open) keypad.querySelector<HTMLButtonElement>('.keys button')?.focus();
      };
    }
    return bindings;
  }, [keys, consult, run, call.id, canTransfer, transferKeyTaken, target, dial, phase]);
  useShortcuts(shortcuts);
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
          <button type="button" className="answer" onClick={() => void answer(call.id)} aria-keyshortcuts="Alt+Y">
            {t('callBar.answer')} <kbd translate="no">Alt+Y</kbd>
          </button>
        )}
        {actions.has('decline') && (
          <button type="button" className="decline" onClick={() => void run((p) => p.decline(call.id))} aria-keyshortcuts="Alt+N">
            {t('callBar.decline')} <kbd translate="no">Alt+N</kbd>
          </button>
        )}
        {actions.has('hold') && (
          <button type="button" onClick={() => void run((p) => p.hold(call.id))} aria-keyshortcuts="Alt+H">
            {t('callBar.hold')} <kbd translate="no">Alt+H</kbd>
          </button>
        )}
        {phase === 'held' && (
          <button type="button" onClick={() => void run((p) => p.resume(call.id))} aria-keyshortcuts="Alt+H">
            {t('callBar.resume')} <kbd translate="no">Alt+H</kbd>
          </button>
        )}
        {actions.has('mute') && (
          <button type="button" aria-pressed={call.state.muted} onClick={() => void run((p) => p.setMuted(call.id, !call.state.muted))} aria-keyshortcuts="Alt+M">
            {call.state.muted ? t('callBar.unmute') : t('callBar.mute')} <kbd translate="no">Alt+M</kbd>
          </button>
        )}
        {/* Hang up beside hold and mute: on a narrow screen the transfer form wraps, never this. */}
        {actions.has('hangup') && (
          <button type="button" className="decline" onClick={() => void run((p) => p.hangup(call.id))} aria-keyshortcuts="Alt+E">
            {t('callBar.hangUp')} <kbd translate="no">Alt+E</kbd>
          </button>
        )}
        {phase === 'active' && <Keypad callId={call.id} detailsRef={keypadRef} />}
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
              <input
                ref={targetRef}
                placeholder={t('callBar.transferPlaceholder')}
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                maxLength={128}
                aria-keyshortcuts={transferKeyTaken ? 'Alt+C' : 'Alt+T Alt+C'}
              />
            </label>
            <button type="submit" disabled={target === ''} aria-keyshortcuts={transferKeyTaken ? undefined : 'Alt+T'}>
              {t('callBar.transfer')}
              {!transferKeyTaken && (
                <>
                  {' '}
                  <kbd translate="no">Alt+T</kbd>
                </>
              )}
            </button>
            <button type="button" disabled={target === ''} onClick={() => void dial(target)} aria-keyshortcuts="Alt+C">
              {t('callBar.consult')} <kbd translate="no">Alt+C</kbd>
            </button>
          </form>
        )}
        {phase === 'held' && consult !== undefined && (
          <button type="button" onClick={() => void run((p) => p.attendedTransfer(call.id, consult.id))} aria-keyshortcuts="Alt+T">
            {t('callBar.completeTransfer')} <kbd translate="no">Alt+T</kbd>
          </button>
        )}
      </div>
    </div>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function Keypad({ callId, detailsRef }: { callId: string; detailsRef: RefObject<HTMLDetailsElement | null> }) {
  const { t } = useTranslation();
  const run = useSoftphone((s) => s.run);
  // In-band RFC 2833 by default; SIP INFO for PBXs and IVRs that only read signalling.
  const [viaInfo, setViaInfo] = useState(false);
  return (
    <details className="keypad" ref={detailsRef}>
      <summary aria-keyshortcuts="Alt+K">
        {t('callBar.keypad')} <kbd translate="no">Alt+K</kbd>
      </summary>
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
