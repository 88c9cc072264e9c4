import { ROUTE_HEADER, OFFER_OUTCOMES, REPORT_WHATS, type OfferOutcome, type ReportWhat, type RouteDecision, type RouteRequest } from '../../../shared/domain/routing/route-protocol';

/**
 * The JSON spoken with the reference Kamailio config over evapi (resources/pbx/kamailio/frontline-routing.cfg):
 * what Kamailio asks and reports, and the decisions it continues held transactions with.
 */

export interface KamailioAsk {
  tindex: number;
  tlabel: number;
  cseq: string | null;
  /** The caller's From tag and SDP offer: what queue music needs (null when absent or too big). */
  fromTag: string | null;
  sdp: string | null;
  request: RouteRequest;
}

export interface KamailioReport {
  callId: string;
  decisionId: string | null;
  what: ReportWhat;
}

export type KamailioMessage = { event: 'ask'; ask: KamailioAsk } | { event: 'report'; report: KamailioReport };

const MAX_NUMBER = 256;
const MAX_DISPLAY = 4096;
const MAX_TAG = 128;
const MAX_SDP = 16 * 1024;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const uint = (value: unknown): number | null => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
};

/**
 * Reads one evapi message from Kamailio; throws with what is wrong. Caller fields stay raw (the engine
 * cleans them) but bounded: a number too long to be one is withheld, a display name is cut.
 */
export function parseKamailioMessage(payload: string): KamailioMessage {
  const message = JSON.parse(payload) as Record<string, unknown>;
  if (message.event === 'ask') {
    const tindex = uint(message.tindex);
    const tlabel = uint(message.tlabel);
    const ask = message.ask as Record<string, unknown> | undefined;
    const callId = text(ask?.callId);
    if (tindex === null || tlabel === null || ask === undefined || callId === null) throw new Error('ask without tindex, tlabel or callId');
    const number = text(ask.number);
    // Kamailio's $fn keeps a quoted display name's quotes.
    const display = text(ask.display)?.replace(/^"([\s\S]*)"$/, '$1') ?? null;
    const previousDecision = text(ask.previousDecision);
    const previousOutcome = text(ask.previousOutcome) as OfferOutcome | null;
    const request: RouteRequest = {
      callId: callId.slice(0, 256),
      caller: { number: number !== null && number.length <= MAX_NUMBER ? number : null, displayName: display?.slice(0, MAX_DISPLAY) ?? null },
      queue: text(ask.queue)?.slice(0, 256) ?? null,
    };
    if (previousDecision !== null && previousOutcome !== null && OFFER_OUTCOMES.includes(previousOutcome)) {
      request.previous = { decisionId: previousDecision.slice(0, 64), outcome: previousOutcome };
    }
    const fromTag = text(ask.fromTag);
    const sdp = text(ask.sdp);
    return {
      event: 'ask',
      ask: {
        tindex,
        tlabel,
        cseq: text(ask.cseq),
        fromTag: fromTag !== null && fromTag.length <= MAX_TAG ? fromTag : null,
        sdp: sdp !== null && sdp.length <= MAX_SDP && sdp.startsWith('v=0') ? sdp : null,
        request,
      },
    };
  }
  if (message.event === 'report') {
    const callId = text(message.callId);
    const what = text(message.what);
    if (callId === null || what === null || !(REPORT_WHATS as readonly string[]).includes(what)) throw new Error('report without callId or a known outcome');
    return { event: 'report', report: { callId: callId.slice(0, 256), decisionId: text(message.decisionId)?.slice(0, 64) ?? null, what: what as KamailioReport['what'] } };
  }
  throw new Error(`unknown evapi event ${JSON.stringify(String(message.event)).slice(0, 40)}`);
}

/** A SIP reason phrase or header value Frontline puts on the wire: printable ASCII only, bounded (no CRLF injection). */
function sipSafe(value: string, max = 64): string {
  return value.replace(/[^\x20-\x7e]/g, ' ').slice(0, max);
}

/** The rtjson document of one serial route, carrying the decision id (and the time already waited) as headers. */
function rtjson(target: string, decisionId: string, waitedSec: number): object {
  const extra = `${ROUTE_HEADER}: ${sipSafe(decisionId)}\r\nX-Frontline-Queue-Wait: ${Math.max(0, Math.min(3600, Math.round(waitedSec)))}\r\n`;
  return { version: '1.0', routing: 'serial', routes: [{ uri: sipSafe(target, 256), headers: { extra } }] };
}

/** What Kamailio's event route continues a held transaction with (t_continue → route[DECIDED]). */
export function decisionMessage(transaction: { tindex: number; tlabel: number }, decision: RouteDecision, waitedSec: number, queuedSdp: string | null = null): string {
  const base = { tindex: transaction.tindex, tlabel: transaction.tlabel, decisionId: sipSafe(decision.decisionId) };
  switch (decision.kind) {
    case 'agent':
      return JSON.stringify({ ...base, kind: 'agent', ringMs: decision.ringTimeoutMs, rt: rtjson(decision.target, decision.decisionId, waitedSec) });
    case 'wait':
      // The SDP of the caller's early media (queue music) goes in the first 182 Queued.
      return JSON.stringify(queuedSdp === null ? { ...base, kind: 'wait' } : { ...base, kind: 'wait', sdp: queuedSdp });
    case 'release':
      return JSON.stringify({ ...base, kind: 'release', rt: decision.target === null ? null : rtjson(decision.target, decision.decisionId, waitedSec) });
    case 'reject':
      return JSON.stringify({ ...base, kind: 'reject', status: decision.status, reason: sipSafe(decision.reason) });
  }
}

/** Another 182 Queued to a waiting caller (RFC 3261: a provisional at least every minute). */
export function refreshMessage(callId: string, cseq: string): string {
  return JSON.stringify({ kind: 'refresh', callId, cseq });
}
