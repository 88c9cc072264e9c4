import { useMemo, useState } from 'react';
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

const PHASE_LABEL: Record<string, string> = {
  ringing: 'Ringing',
  dialing: 'Dialling',
  connecting: 'Connecting',
  active: 'On call',
  'hold-pending': 'Holding…',
  held: 'On hold',
  'resume-pending': 'Resuming…',
};

/**
 * Who is calling, as shown and stored: the CRM customer chosen for the number, else the number.
 * The caller's own display name is a claim: shown beside it as "says: …" when it disagrees, never as the caller.
 */
export function callerLabel(call: CallView, customerName?: string | null): { name: string; number: string; says: string | null } {
  const n = call.identity.number;
  const number = n.kind === 'number' ? formatE164(n.e164) : n.kind === 'withheld' ? 'Number withheld' : 'Unreadable number';
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
    <section className="call-bar" aria-label="Phone">
      <span className={`reg reg-${registration}`} role="status" data-testid="registration">
        Phone: {registration}
        {detail !== null && registration === 'failed' ? ` (${detail})` : ''}
      </span>
      {calls.length === 0 && <span className="muted">No calls</span>}
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
            {' '}
            · says: “{says}”
          </span>
        )}
        {call.queue !== null && <span className="muted"> · {call.queue}</span>}
        {call.waitedMs !== null && <span className="muted"> · waited {formatDuration(call.waitedMs)}</span>}
      </div>
      <span className="call-phase">
        {PHASE_LABEL[phase] ?? phase}
        {call.state.muted && ' · muted'} · {formatDuration(elapsed)}
      </span>
      <div className="call-actions">
        {actions.has('answer') && (
          <button type="button" className="answer" onClick={() => void answer(call.id)}>
            Answer <kbd>Alt+Y</kbd>
          </button>
        )}
        {actions.has('decline') && (
          <button type="button" className="decline" onClick={() => void run((p) => p.decline(call.id))}>
            Decline <kbd>Alt+N</kbd>
          </button>
        )}
        {actions.has('hold') && (
          <button type="button" onClick={() => void run((p) => p.hold(call.id))}>
            Hold <kbd>Alt+H</kbd>
          </button>
        )}
        {phase === 'held' && (
          <button type="button" onClick={() => void run((p) => p.resume(call.id))}>
            Resume <kbd>Alt+H</kbd>
          </button>
        )}
        {actions.has('mute') && (
          <button type="button" aria-pressed={call.state.muted} onClick={() => void run((p) => p.setMuted(call.id, !call.state.muted))}>
            {call.state.muted ? 'Unmute' : 'Mute'} <kbd>Alt+M</kbd>
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
              <span className="sr-only">Transfer to</span>
              <input placeholder="Transfer to sip:…" value={target} onChange={(e) => setTarget(e.target.value)} maxLength={128} />
            </label>
            <button type="submit" disabled={target === ''}>
              Transfer
            </button>
            <button type="button" disabled={target === ''} onClick={() => void dial(target)}>
              Consult
            </button>
          </form>
        )}
        {phase === 'held' && consult !== undefined && (
          <button type="button" onClick={() => void run((p) => p.attendedTransfer(call.id, consult.id))}>
            Complete transfer
          </button>
        )}
        {actions.has('hangup') && (
          <button type="button" className="decline" onClick={() => void run((p) => p.hangup(call.id))}>
            Hang up <kbd>Alt+E</kbd>
          </button>
        )}
      </div>
    </div>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function Keypad({ callId }: { callId: string }) {
  const run = useSoftphone((s) => s.run);
  // In-band RFC 2833 by default; SIP INFO for PBXs and IVRs that only read signalling.
  const [viaInfo, setViaInfo] = useState(false);
  return (
    <details className="keypad">
      <summary>Keypad</summary>
      <div className="keys" role="group" aria-label="DTMF keypad">
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => void run((p) => p.sendDtmf(callId, k, viaInfo ? 'info' : 'rfc2833'))}>
            {k}
          </button>
        ))}
      </div>
      <label className="inline">
        <input type="checkbox" checked={viaInfo} onChange={(e) => setViaInfo(e.target.checked)} /> DTMF by SIP INFO
      </label>
    </details>
  );
}
