import type { AgentState } from '../../../shared/contract/schemas/agent';
import { i18nNow } from '../i18n';

const STATES: readonly AgentState[] = ['available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', 'disconnected'];

/**
 * How agent states read on screen (the presence bar, the board, the wallboard), from the catalogue
 * (state.*) in the locale chosen at start: each entry is read when it is shown.
 */
export const STATE_LABEL: Readonly<Record<AgentState, string>> = Object.defineProperties(
  {} as Record<AgentState, string>,
  Object.fromEntries(STATES.map((s) => [s, { enumerable: true, get: () => i18nNow().t(`state.${s}`) }])),
);
