import { RINGING_ACTIONS, type RingingAction, type RingingActionMessage, type RingingNotice } from '../../shared/contract/ringing-notice';

/**
 * Windows' half of Answer/Decline on an incoming-call notification (ADR 0034). Electron's
 * `actions` buttons deliver no `action` event to an app that is not an MSIX package, so on Windows
 * the notification is a toast of our own XML (`toastXml`) whose buttons and body use *protocol*
 * activation: a press opens `frontline://ringing/<action>?call=<id>`, which Windows hands to the
 * running app through the single-instance lock (the same path as a dial link, ADR 0033), and main
 * routes it to the same typed IPC as the macOS buttons (`IPC_RINGING_ACTION`).
 */
export const RINGING_LINK = 'frontline://ringing/';

/** The link a press opens. */
export function ringingLink(callId: string, action: RingingAction): string {
  return `${RINGING_LINK}${action}?call=${encodeURIComponent(callId)}`;
}

/** A ringing link's call and action, or null when the text is not one (a dial link, anything else). */
export function readRingingLink(link: string): RingingActionMessage | null {
  if (!link.toLowerCase().startsWith(RINGING_LINK) || link.length > 400) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const action = url.pathname.replace(/^\//, '') as RingingAction;
  const callId = url.searchParams.get('call');
  if (!RINGING_ACTIONS.includes(action) || callId === null || callId === '' || callId.length > 100) return null;
  return { callId, action };
}

/**
 * Text as XML character data or an attribute value: the five special characters escaped, and the
 * characters XML 1.0 forbids (controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF) dropped,
 * so a caller's display name with markup in it stays text and the toast stays well-formed.
 */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * The toast: the incoming-call scenario (stays up, shown as a call), silent (the page rings on the
 * agent's ringer), Answer and Decline as protocol buttons, a click on the body as "focus".
 */
export function ringingToastXml(notice: RingingNotice): string {
  const link = (action: RingingAction) => xmlText(ringingLink(notice.callId, action));
  return [
    `<toast scenario="incomingCall" activationType="protocol" launch="${link('focus')}">`,
    '<visual><binding template="ToastGeneric">',
    `<text>${xmlText(notice.title)}</text>`,
    `<text>${xmlText(notice.body)}</text>`,
    '</binding></visual>',
    '<audio silent="true"/>',
    '<actions>',
    `<action content="${xmlText(notice.answer)}" arguments="${link('answer')}" activationType="protocol"/>`,
    `<action content="${xmlText(notice.decline)}" arguments="${link('decline')}" activationType="protocol"/>`,
    '</actions>',
    '</toast>',
  ].join('');
}
