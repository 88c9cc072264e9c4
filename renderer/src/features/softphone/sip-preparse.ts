import { Core, type Transport } from 'sip.js';

/**
 * The Transport seam's pre-parser (ADR 0020). sip.js 0.21.2's grammar has no `tel:` URI in
 * From/To and silently drops any message it cannot parse, so a carrier that presents the caller
 * as `From: <tel:+44…>` never rings, and the caller times out. Here, before sip.js sees a message:
 * - a `tel:` URI in From/To becomes `sip:<number>@tel.invalid` (the number stays readable for the
 *   caller's identity), and every message we send has it put back, so the caller's dialog is intact;
 * - a request sip.js still cannot parse is answered `400 Bad Request` with the reason, never dropped.
 */

const TEL_HOST = 'tel.invalid';
const IDENTITY_HEADER = /^(from|f|to|t)(\s*:\s*)(.*)$/i;
const MAX_REWRITES = 256;
const quietLogger = { error: () => undefined, warn: () => undefined, log: () => undefined, debug: () => undefined };

/**
 * sip.js's own parse (its PEG grammar: the costliest thing the page does per message, several ms
 * for an INVITE under load). The check below parses each message before sip.js does; sip.js then
 * parsed it a second time (UserAgent.onTransportMessage), doubling that cost before every INVITE
 * reached the phone. Now the check's result is handed over: sip.js's next parse of exactly the
 * text just checked returns it, once.
 */
const parseMessage = Core.Parser.parseMessage;
let checked: { text: string; parsed: ReturnType<typeof parseMessage> } | null = null;
let handOverInstalled = false;

function installParseHandOver(): void {
  if (handOverInstalled) return;
  handOverInstalled = true;
  (Core.Parser as { parseMessage: typeof parseMessage }).parseMessage = (data, logger) => {
    const hit = checked;
    checked = null;
    return hit !== null && hit.text === data ? hit.parsed : parseMessage(data, logger);
  };
}

export interface PreparseResult {
  /** The message to hand to sip.js, or null when it was answered here. */
  message: string | null;
  /** A reply to send back at once (400 for a request sip.js cannot read). */
  reply: string | null;
}

function headEnd(text: string): number {
  const i = text.indexOf('\r\n\r\n');
  return i < 0 ? text.length : i;
}

/** `tel:` → `sip:` in one From/To value; records how to undo it. */
function rewriteTel(value: string, rewrites: Map<string, string>): string {
  const swap = (original: string): string => {
    const number = (original.slice(4).split(';')[0] ?? '').replace(/[^0-9+*#().-]/g, '').replace(/#/g, '%23');
    const sip = `sip:${number === '' ? 'unknown' : number}@${TEL_HOST}`;
    rewrites.set(sip, original);
    if (rewrites.size > MAX_REWRITES) rewrites.delete(rewrites.keys().next().value as string);
    return sip;
  };
  const inAngles = value.replace(/<(tel:[^>]*)>/gi, (_m, uri: string) => `<${swap(uri)}>`);
  if (inAngles !== value) return inAngles;
  // addr-spec form: what follows ';' is a header parameter (the tag), not part of the URI.
  const bare = /^(\s*)(tel:[^;\s]*)(.*)$/is.exec(value);
  return bare === null ? value : `${bare[1] ?? ''}<${swap(bare[2] ?? '')}>${bare[3] ?? ''}`;
}

/** Header lines (unfolded) of a message's head. */
function headerLines(text: string): string[] {
  return text.slice(0, headEnd(text)).replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

/** 400 for a request that cannot be read: the Via, From, To, Call-ID and CSeq copied as they came. */
export function badRequestReply(text: string, why: string): string | null {
  const lines = headerLines(text);
  const start = lines[0] ?? '';
  if (start.startsWith('SIP/2.0') || /^ACK /i.test(start)) return null; // responses and ACKs get no reply
  const keep = lines.slice(1).filter((l) => /^(via|v|from|f|to|t|call-id|i|cseq)\s*:/i.test(l));
  if (!keep.some((l) => /^(via|v)\s*:/i.test(l)) || !keep.some((l) => /^cseq\s*:/i.test(l))) return null;
  const reason = why.replace(/[^\x20-\x7e]/g, '').replace(/"/g, "'").slice(0, 120);
  return ['SIP/2.0 400 Bad Request', ...keep, `Warning: 399 frontline "${reason}"`, 'Content-Length: 0', '', ''].join('\r\n');
}

/** What to do with one incoming message. */
export function preparseIncoming(text: string, rewrites: Map<string, string>): PreparseResult {
  const end = headEnd(text);
  const head = text.slice(0, end);
  let changed = false;
  const lines = head.split('\r\n').map((line, i) => {
    const m = i === 0 ? null : IDENTITY_HEADER.exec(line);
    if (m === null || !/tel:/i.test(m[3] ?? '')) return line;
    changed = true;
    return `${m[1] ?? ''}${m[2] ?? ''}${rewriteTel(m[3] ?? '', rewrites)}`;
  });
  const message = changed ? lines.join('\r\n') + text.slice(end) : text;
  if (message.trim() === '') return { message, reply: null };
  const parsed = parseMessage(message, quietLogger as never);
  checked = parsed === undefined ? null : { text: message, parsed };
  if (parsed !== undefined) return { message, reply: null };
  const failing = headerLines(message)
    .slice(1)
    .map((l) => /^([A-Za-z-]+)\s*:/.exec(l)?.[1])
    .find((name) => name !== undefined && parseMessage(withoutHeader(message, name), quietLogger as never) !== undefined);
  return { message: null, reply: badRequestReply(message, failing === undefined ? 'unparseable request' : `unparseable ${failing} header`) };
}

function withoutHeader(text: string, name: string): string {
  const end = headEnd(text);
  const kept = text
    .slice(0, end)
    .split('\r\n')
    .filter((l, i) => i === 0 || !l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return kept.join('\r\n') + text.slice(end);
}

/** Puts the caller's own `tel:` URIs back into the From/To lines of a message we send. */
export function restoreOutgoing(text: string, rewrites: Map<string, string>): string {
  if (rewrites.size === 0 || !text.includes(TEL_HOST)) return text;
  const end = headEnd(text);
  const lines = text
    .slice(0, end)
    .split('\r\n')
    .map((line, i) => {
      const m = i === 0 ? null : IDENTITY_HEADER.exec(line);
      if (m === null) return line;
      let value = m[3] ?? '';
      for (const [sip, tel] of rewrites) value = value.split(sip).join(tel);
      return `${m[1] ?? ''}${m[2] ?? ''}${value}`;
    });
  return lines.join('\r\n') + text.slice(end);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule requires any[] here
type TransportClass = new (...args: any[]) => Transport;

/** The same transport with the pre-parser in front of sip.js (works for the WebSocket and the in-memory one). */
export function withPreparse<T extends TransportClass>(Base: T): T {
  installParseHandOver();
  return class Preparsing extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin constructor passes sip.js's arguments through
    constructor(...args: any[]) {
      super(...args);
      const rewrites = new Map<string, string>();
      let handler: ((message: string) => void) | undefined;
      const send = this.send.bind(this);
      // The base transport calls this.onMessage(...) with what came off the wire.
      const deliver = (raw: string): void => {
        const { message, reply } = preparseIncoming(raw, rewrites);
        if (reply !== null) void send(reply).catch(() => undefined);
        if (message !== null) handler?.(message);
      };
      Object.defineProperty(this, 'onMessage', {
        configurable: true,
        get: () => (handler === undefined ? undefined : deliver),
        set: (next: ((message: string) => void) | undefined) => {
          handler = next;
        },
      });
      this.send = (message: string) => send(restoreOutgoing(message, rewrites));
    }
  };
}
