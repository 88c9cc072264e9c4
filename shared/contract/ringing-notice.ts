/**
 * The desktop notification for a ringing call, as the page hands it to the Electron main process,
 * and what comes back when the agent acts on it (ADR 0034). The page decides and words it (in the
 * agent's language); main only shows it. Both sides read what crosses IPC with these functions.
 */
export interface RingingNotice {
  /** The softphone's id for the call (CallView.id). */
  callId: string;
  title: string;
  body: string;
  /** The buttons' words, where the platform shows buttons. */
  answer: string;
  decline: string;
}

export const RINGING_ACTIONS = ['answer', 'decline', 'focus'] as const;
export type RingingAction = (typeof RINGING_ACTIONS)[number];

export interface RingingActionMessage {
  callId: string;
  action: RingingAction;
}

/** Longest text a notice field may carry (an OS notification shows far less). */
export const MAX_NOTICE_TEXT = 300;

const text = (v: unknown, max = MAX_NOTICE_TEXT): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** A notice from the page, or null when anything in it is missing, empty, too long or not text. */
export function readRingingNotice(value: unknown): RingingNotice | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!text(v.callId, 100) || !text(v.title) || !text(v.body) || !text(v.answer, 60) || !text(v.decline, 60)) return null;
  return { callId: v.callId, title: v.title, body: v.body, answer: v.answer, decline: v.decline };
}

/** An action from main, or null when it is not one. */
export function readRingingAction(value: unknown): RingingActionMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!text(v.callId, 100) || !RINGING_ACTIONS.includes(v.action as RingingAction)) return null;
  return { callId: v.callId, action: v.action as RingingAction };
}
