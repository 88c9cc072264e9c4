import type { AgentState } from '../../../shared/contract/schemas/agent';

/** How agent states read on screen (the presence bar, the board, the wallboard). */
export const STATE_LABEL: Record<AgentState, string> = {
  available: 'Available',
  ringing: 'Ringing',
  'on-call': 'On call',
  'wrap-up': 'Wrap-up',
  break: 'Break',
  offline: 'Offline',
  disconnected: 'Disconnected',
};
