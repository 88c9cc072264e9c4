import type { CallView } from './softphone';

/**
 * Which call each control acts on when several are here (call waiting, consultation):
 * - the ringing call (the first to arrive) for answer and decline;
 * - the call being talked on for hold, mute and hang-up: the newest one that is not on hold,
 *   else the newest held one. Never the held caller while another call is connected.
 */
export function ringingCall(calls: readonly CallView[]): CallView | undefined {
  return calls.find((c) => c.state.phase === 'ringing');
}

export function talkingCall(calls: readonly CallView[]): CallView | undefined {
  const placed = calls.filter((c) => c.state.phase !== 'ringing' && c.state.phase !== 'ended');
  const onLine = placed.filter((c) => c.state.phase !== 'held' && c.state.phase !== 'resume-pending');
  return onLine.at(-1) ?? placed.at(-1);
}

/** The call whose record is in front: a ringing one (its pop must beat the answer), else the one being talked on. */
export function callInFront(calls: readonly CallView[]): CallView | undefined {
  return ringingCall(calls) ?? talkingCall(calls);
}
