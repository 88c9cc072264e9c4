import { sanitiseDisplayText } from '../../../../shared/domain/call/caller-identity';

/**
 * The softphone's SIP policy (ADR 0020), as pure functions over header values and SDP text:
 * what an INVITE must look like before the phone rings, which media it may carry, and which
 * PBX headers are believed. sip.js does the protocol; these rules decide what it is allowed to do.
 */

/** More calls ringing at once than this and a new INVITE gets 486 Busy Here. */
export const MAX_RINGING = 2;
/** Calls the phone holds at once (ringing, talking, held); a new INVITE beyond it gets 486. */
export const MAX_CALLS = 4;
/** Longest SIP Call-ID kept on a record; longer ones are cut and marked (the record's key is ours, not the Call-ID). */
export const MAX_SIP_CALL_ID = 128;
/** A PBX wait longer than this is not believed (seconds); the core applies the same hour (ADR 0022). */
export const MAX_QUEUE_WAIT_S = 3600;

export interface Refusal {
  /** SIP status sent to the caller. */
  status: number;
  reason: string;
  /** Extra response headers (Unsupported, Accept, Warning). */
  headers: string[];
  /** What the agent reads in the call bar. */
  message: string;
}

/** Option tags the phone can honour in Require (none: 100rel and precondition would open the media path before answer). */
const SUPPORTED_REQUIRE: readonly string[] = [];

/** Codecs the browser can decode (static payload types and rtpmap names). */
const STATIC_AUDIO_PT = new Set(['0', '8', '9']);
const AUDIO_CODECS = /^(opus|pcmu|pcma|g722)\//i;
const AUDIO_PROTOS = new Set(['RTP/AVP', 'RTP/SAVP', 'RTP/AVPF', 'RTP/SAVPF', 'UDP/TLS/RTP/SAVPF', 'UDP/TLS/RTP/SAVP']);

function refusal(status: number, reason: string, message: string, headers: string[] = []): Refusal {
  return { status, reason, headers: [...headers, `Warning: 399 frontline "${reason}"`], message };
}

/** Require: tags we do not support → 420 Bad Extension with Unsupported listing them (RFC 3261 §8.2.2.3). */
export function checkRequire(require: string | undefined): Refusal | null {
  if (require === undefined) return null;
  const tags = require
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const unknown = tags.filter((t) => !SUPPORTED_REQUIRE.includes(t)).map((t) => t.replace(/[^a-z0-9.!%*_+`'~-]/g, '').slice(0, 32));
  if (unknown.length === 0) return null;
  return refusal(420, 'Bad Extension', `Refused a call that required SIP extensions this phone does not support (${unknown.join(', ')}).`, [
    `Unsupported: ${unknown.join(', ')}`,
  ]);
}

export interface SdpAudit {
  ok: boolean;
  /** Why it cannot be used, for the Warning header and the agent. */
  problem: 'unreadable' | 'no-audio' | null;
  detail: string;
}

const bad = (problem: 'unreadable' | 'no-audio', detail: string): SdpAudit => ({ ok: false, problem, detail });

/**
 * Reads an SDP offer strictly enough to refuse what WebRTC would choke on later (RFC 4566 line
 * syntax, v= first, an o= and s=, a connection address for every media) and says whether it carries
 * usable audio: an m=audio line with a port, an RTP profile and a codec the browser decodes.
 */
export function auditSdp(sdp: string): SdpAudit {
  if (sdp.length > 65_536) return bad('unreadable', 'the offer is too large');
  const lines = sdp.split(/\r?\n/).filter((l) => l !== '');
  if (lines[0] !== 'v=0') return bad('unreadable', 'the offer does not start with v=0');
  if (!lines.some((l) => l.startsWith('o='))) return bad('unreadable', 'the offer has no origin line');
  if (!lines.some((l) => l.startsWith('s='))) return bad('unreadable', 'the offer has no session name');
  for (const line of lines) if (!/^[a-z]=[^\0\r]*$/.test(line)) return bad('unreadable', 'the offer has a line that is not SDP');
  const firstMedia = lines.findIndex((l) => l.startsWith('m='));
  if (firstMedia < 0) return bad('no-audio', 'the offer has no media');
  const sessionConnection = lines.slice(0, firstMedia).some((l) => l.startsWith('c='));
  let usableAudio = false;
  let i = firstMedia;
  while (i < lines.length) {
    const m = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)((?: \S+)+)$/.exec(lines[i] ?? '');
    if (m === null) return bad('unreadable', 'a media line is malformed');
    const [, media, port, proto, fmts] = m;
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').startsWith('m=')) end++;
    const section = lines.slice(i + 1, end);
    if (Number(port) > 65_535) return bad('unreadable', 'a media port is out of range');
    if (!sessionConnection && !section.some((l) => l.startsWith('c=')) && Number(port) !== 0) {
      return bad('unreadable', 'a media line has no connection address');
    }
    for (const c of section.filter((l) => l.startsWith('c='))) {
      if (!/^c=IN IP[46] \S+$/.test(c)) return bad('unreadable', 'a connection line is malformed');
    }
    if (media === 'audio' && Number(port) > 0 && AUDIO_PROTOS.has(proto ?? '')) {
      const pts = (fmts ?? '').trim().split(' ');
      const named = section.flatMap((l) => {
        const r = /^a=rtpmap:(\d+) (\S+)/.exec(l);
        return r !== null && pts.includes(r[1] ?? '') && AUDIO_CODECS.test(r[2] ?? '') ? [r[1]] : [];
      });
      if (named.length > 0 || pts.some((pt) => STATIC_AUDIO_PT.has(pt))) usableAudio = true;
    }
    i = end;
  }
  return usableAudio ? { ok: true, problem: null, detail: '' } : bad('no-audio', 'the offer has no audio this phone can play');
}

/** What an INVITE's body means for the phone: acceptable, or a refusal (415 for a body that is not SDP, 488 for unusable SDP). */
export function checkOffer(contentType: string | undefined, body: string): Refusal | null {
  if (body.trim() === '') return null; // late offer: the phone offers in its 200 OK, the caller answers in the ACK
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/sdp') {
    return refusal(415, 'Unsupported Media Type', 'Refused a call whose setup was not in a format this phone reads (SDP).', ['Accept: application/sdp']);
  }
  const audit = auditSdp(body);
  if (audit.ok) return null;
  return audit.problem === 'unreadable'
    ? refusal(488, 'Not Acceptable Here', `Refused a call: the caller's phone sent a media offer that cannot be read (${audit.detail}).`)
    : refusal(488, 'Not Acceptable Here', 'Refused a call without audio (for example video only): this phone takes voice calls.');
}

/** Offers keep their audio; any other media is declined (port 0), so the browser never answers video or data. */
export function audioOnlyOffer(sdp: string): string {
  return sdp.replace(/^m=(?!audio )(\S+) \d+(\/\d+)? /gm, 'm=$1 0 ');
}

/** A Call-ID as stored: bounded, and marked when it was cut. */
export function boundedCallId(callId: string): string {
  return callId.length <= MAX_SIP_CALL_ID ? callId : `${callId.slice(0, MAX_SIP_CALL_ID - 12)}…(${callId.length})`;
}

/** Queue names the PBX may send: letters, digits, spaces and a little punctuation, no more than 64. */
const QUEUE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.&'()/+-]{0,63}$/u;

/**
 * Queue and wait from X-Frontline-* headers, believed only when the PBX is trusted to set them
 * (it strips callers' own), and only when they look like what a PBX sends.
 */
export function trustedQueueHeaders(
  trusted: boolean,
  queue: string | undefined,
  wait: string | undefined,
): { queue: string | null; waitedMs: number | null } {
  if (!trusted) return { queue: null, waitedMs: null };
  const name = queue === undefined || queue.length > 256 ? '' : sanitiseDisplayText(queue, 64);
  const waitS = wait !== undefined && /^\d{1,6}(\.\d{1,3})?$/.test(wait.trim()) ? Number(wait.trim()) : Number.NaN;
  return {
    queue: QUEUE_NAME.test(name) ? name : null,
    waitedMs: Number.isFinite(waitS) && waitS <= MAX_QUEUE_WAIT_S ? Math.round(waitS * 1000) : null,
  };
}

const CONTACT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The PBX's id for the caller's contact (`X-Frontline-Contact`): the legs of one call offered to
 * several agents, one after another or after a transfer, share it, so they count as one contact.
 * Believed only from a trusted PBX, and only in a plain, bounded form.
 */
export function trustedContactId(trusted: boolean, header: string | undefined): string | null {
  const value = header?.trim();
  return trusted && value !== undefined && CONTACT_ID.test(value) ? value : null;
}

const ROUTE_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The routing decision an INVITE carries (`X-Frontline-Route`, issue 13): the softphone matches it
 * to the pop the core pushed before the ring. Believed only from a trusted PBX, in a plain form.
 */
export function trustedRouteId(trusted: boolean, header: string | undefined): string | null {
  const value = header?.trim();
  return trusted && value !== undefined && ROUTE_ID.test(value) ? value : null;
}

/**
 * Whether an in-dialog request was made by the PBX itself (a B2BUA transferring the call), not
 * relayed from the far end through it: exactly one Via, and it is the PBX's. A proxy that relays
 * the caller's request adds its own Via above the caller's, so a caller's REFER never passes.
 */
export function fromPbxItself(viaHeaders: readonly string[], pbxHost: string): boolean {
  const vias = viaHeaders.flatMap((h) => h.split(/,(?=\s*SIP\/)/i)).map((v) => v.trim()).filter((v) => v !== '');
  if (vias.length !== 1) return false;
  const sentBy = /^SIP\/2\.0\/\S+\s+\[?([^\s;:\]]+)/i.exec(vias[0] ?? '')?.[1]?.toLowerCase();
  return sentBy !== undefined && sentBy === pbxHost.toLowerCase();
}

/** Whether a caller-supplied name says the same as the CRM's name for the number (case, spacing and punctuation aside). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) === norm(b);
}
