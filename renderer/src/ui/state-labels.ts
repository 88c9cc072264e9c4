import type { AgentState } from '../../../shared/contract/schemas/agent';
import { i18nNow } from '../i18n';
import { liveLabels } from './live-labels';

const STATES: readonly AgentState[] = ['available', 'ringing', 'on-call', 'wrap-up', 'break', 'offline', 'disconnected'];

/**
 * How agent states read on screen (the presence bar, the board, the wallboard), from the catalogue
 * (state.*) in the locale chosen at start: each entry is read when it is shown.
 */
export const STATE_LABEL: Readonly<Record<AgentState, string>> = liveLabels(STATES, (s) => i18nNow().t(`state.${s}`));
