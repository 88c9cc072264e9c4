import type { CallView } from '../../renderer/src/features/softphone/softphone';

/** A softphone call as the stores and the UI see it, in a phase; identity and the rest overridable. */
export function callView(id: string, phase: CallView['state']['phase'], more: Partial<Omit<CallView, 'id' | 'state'>> = {}): CallView {
  return {
    id,
    sipCallId: id,
    direction: 'inbound',
    identity: { displayName: null, number: { kind: 'withheld', raw: '' }, source: 'none' },
    queue: null,
    waitedMs: null,
    contactId: null,
    routeId: null,
    state: { phase, muted: false, endReason: null },
    receivedAt: 0,
    notice: null,
    ...more,
  };
}
