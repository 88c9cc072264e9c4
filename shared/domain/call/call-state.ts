/**
 * One call leg as the agent's softphone sees it: a single guarded state machine.
 * Hold and resume are confirmed only by the far end's 200 OK and roll back on failure,
 * so the screen never claims a hold the network did not make.
 */
export type CallPhase =
  | 'ringing' // inbound, not yet answered
  | 'dialing' // outbound, not yet answered
  | 'connecting' // answered, waiting for the dialog and media to confirm
  | 'active'
  | 'hold-pending'
  | 'held'
  | 'resume-pending'
  | 'ended';

export type EndReason =
  | 'caller-cancelled'
  | 'declined'
  | 'missed'
  | 'local-hangup'
  | 'remote-hangup'
  | 'transferred'
  | 'failed'
  | 'rejected-by-remote';

export interface CallState {
  phase: CallPhase;
  muted: boolean;
  endReason: EndReason | null;
}

export type CallEvent =
  | { type: 'answer' }
  | { type: 'established' }
  | { type: 'decline' }
  | { type: 'ring-timeout' }
  | { type: 'remote-cancel' }
  | { type: 'remote-rejected' }
  | { type: 'hold' }
  | { type: 'hold-confirmed' }
  | { type: 'hold-failed' }
  | { type: 'resume' }
  | { type: 'resume-confirmed' }
  | { type: 'resume-failed' }
  | { type: 'mute' }
  | { type: 'unmute' }
  | { type: 'hangup' }
  | { type: 'remote-bye' }
  | { type: 'transferred' }
  | { type: 'failed' };

export type Transition = { ok: true; state: CallState } | { ok: false; reason: string };

const LIVE: readonly CallPhase[] = ['connecting', 'active', 'hold-pending', 'held', 'resume-pending'];
const TALKING: readonly CallPhase[] = ['active', 'hold-pending', 'held', 'resume-pending'];

export function inboundCall(): CallState {
  return { phase: 'ringing', muted: false, endReason: null };
}

export function outboundCall(): CallState {
  return { phase: 'dialing', muted: false, endReason: null };
}

function end(state: CallState, endReason: EndReason): Transition {
  return { ok: true, state: { ...state, phase: 'ended', endReason } };
}

function to(state: CallState, phase: CallPhase): Transition {
  return { ok: true, state: { ...state, phase } };
}

/** The next state, or why the event is not allowed now. Pure: callers keep the state. */
export function transition(state: CallState, event: CallEvent): Transition {
  const p = state.phase;
  const refuse = (): Transition => ({ ok: false, reason: `${event.type} is not possible while ${p}` });
  if (p === 'ended') return refuse();
  switch (event.type) {
    case 'answer':
      return p === 'ringing' ? to(state, 'connecting') : refuse();
    case 'established':
      return p === 'connecting' || p === 'dialing' ? to(state, 'active') : refuse();
    case 'decline':
      return p === 'ringing' ? end(state, 'declined') : refuse();
    case 'ring-timeout':
      return p === 'ringing' ? end(state, 'missed') : refuse();
    case 'remote-cancel':
      return p === 'ringing' ? end(state, 'caller-cancelled') : refuse();
    case 'remote-rejected':
      return p === 'dialing' ? end(state, 'rejected-by-remote') : refuse();
    case 'hold':
      return p === 'active' ? to(state, 'hold-pending') : refuse();
    case 'hold-confirmed':
      return p === 'hold-pending' ? to(state, 'held') : refuse();
    case 'hold-failed':
      return p === 'hold-pending' ? to(state, 'active') : refuse();
    case 'resume':
      return p === 'held' ? to(state, 'resume-pending') : refuse();
    case 'resume-confirmed':
      return p === 'resume-pending' ? to(state, 'active') : refuse();
    case 'resume-failed':
      return p === 'resume-pending' ? to(state, 'held') : refuse();
    case 'mute':
    case 'unmute':
      return TALKING.includes(p) || p === 'connecting' ? { ok: true, state: { ...state, muted: event.type === 'mute' } } : refuse();
    case 'hangup':
      return LIVE.includes(p) || p === 'dialing' ? end(state, 'local-hangup') : refuse();
    case 'remote-bye':
      return LIVE.includes(p) ? end(state, 'remote-hangup') : refuse();
    case 'transferred':
      return TALKING.includes(p) ? end(state, 'transferred') : refuse();
    case 'failed':
      return end(state, 'failed');
  }
}

/** Which agent actions the UI may offer in this state (buttons and shortcuts are derived from this, never kept apart). */
export function availableActions(state: CallState): ReadonlySet<CallEvent['type']> {
  const all: CallEvent['type'][] = ['answer', 'decline', 'hold', 'resume', 'mute', 'unmute', 'hangup', 'transferred'];
  return new Set(all.filter((type) => transition(state, { type } as CallEvent).ok));
}
