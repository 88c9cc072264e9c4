import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * sipp scenarios for hostile callers, written from a description (one case per call of the
 * hostile-caller suite): the INVITE's From, headers and body as the caller chooses them, what the
 * caller expects back, what it does in the dialog (REFER, re-INVITEs) and who hangs up.
 * sipp keywords ([service], [display], [media_port], …) work in every string.
 */
export interface HostileCall {
  /** From value without the tag. Default: "[display]" <sip:carrier@…>. */
  from?: string;
  fromTag?: string;
  headers?: string[];
  /** SDP (sipp keywords allowed); null: late offer (no SDP; the answer goes in the ACK). Default: PCMA audio. */
  body?: string | null;
  contentType?: string;
  /** A final status the caller expects instead of an answer; 'ring' waits for 180 then cancels after the pause. */
  expect: number | 'answer' | 'ring';
  /** After the answer: requests the caller sends in the dialog, and the status it expects for each. */
  inDialog?: ({ refer: string; expect: number } | { reinvite: string; headers?: string[]; expect: number })[];
  /** After the answer: send audio from a pcap. */
  audio?: boolean;
  /** After the answer: the caller hangs up after the pause, or waits for the agent's BYE (answering hold re-INVITEs). */
  end?: 'caller-bye' | 'agent-bye';
}

export const PCMA_SDP = [
  'v=0',
  'o=carrier 53655765 2353687637 IN IP[local_ip_type] [local_ip]',
  's=-',
  'c=IN IP[media_ip_type] [media_ip]',
  't=0 0',
  'm=audio [media_port] RTP/AVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
].join('\n');

export const VIDEO_ONLY_SDP = PCMA_SDP.replace('m=audio [media_port] RTP/AVP 8 101', 'm=video [media_port] RTP/AVP 96')
  .replace('a=rtpmap:8 PCMA/8000\n', 'a=rtpmap:96 H264/90000\n')
  .replace(/a=rtpmap:101.*\na=fmtp:101 0-15\n/, '');

const cdata = (lines: string[]): string => `    <![CDATA[\n\n${lines.map((l) => (l === '' ? '' : `      ${l}`)).join('\n')}\n\n    ]]>`;

function withBody(head: string[], body: string | null, contentType = 'application/sdp'): string[] {
  if (body === null || body === '') return [...head, 'Content-Length: 0'];
  return [...head, `Content-Type: ${contentType}`, 'Content-Length: [len]', '', ...body.split('\n')];
}

export function hostileScenario(c: HostileCall): string {
  // The literal Call-ID is sipp's -cid_str (runSipp's `callId` key): sipp maps replies by it.
  const from = `From: ${c.from ?? '"[display]" <sip:carrier@[local_ip]:[local_port]>'};tag=${c.fromTag ?? '[pid]SIPpTag00[call_number]'}`;
  const to = 'To: <sip:[service]@127.0.0.1:[remote_port]>';
  const callId = 'Call-ID: [call_id]';
  const contact = 'Contact: <sip:carrier@[local_ip]:[local_port]>';
  const body = c.body === undefined ? PCMA_SDP : c.body;
  const inviteBranch = 'z9hG4bK-hostile-[pid]-[call_number]';
  const parts: string[] = [];
  const send = (lines: string[], retrans = false): number => parts.push(`  <send${retrans ? ' retrans="500"' : ''}>\n${cdata(lines)}\n  </send>`);
  const recv = (what: string): number => parts.push(`  ${what}`);
  /** The ACK for a final error reuses the INVITE's branch (hop by hop). */
  const ackForFinal = (): string[] => ['ACK sip:[service]@127.0.0.1:[remote_port] SIP/2.0', `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${inviteBranch}`, from, `${to}[peer_tag_param]`, callId, 'CSeq: 1 ACK', 'Max-Forwards: 70', 'Content-Length: 0'];

  send(
    withBody(
      [
        'INVITE sip:[service]@127.0.0.1:[remote_port] SIP/2.0',
        `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${inviteBranch}`,
        from,
        to,
        callId,
        'CSeq: 1 INVITE',
        contact,
        'Max-Forwards: 70',
        ...(c.headers ?? []),
      ],
      body,
      c.contentType,
    ),
    true,
  );
  recv('<recv response="100" optional="true"/>');
  if (c.expect === 'ring') {
    recv('<recv response="180"/>');
    recv('<pause/>');
    send([
      'CANCEL sip:[service]@127.0.0.1:[remote_port] SIP/2.0',
      `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${inviteBranch}`,
      from,
      to,
      callId,
      'CSeq: 1 CANCEL',
      'Max-Forwards: 70',
      'Content-Length: 0',
    ]);
    // Kamailio relays the CANCEL before it answers it (tm's e2e_cancel): under load the agent's 487 may
    // overtake the 200 for the CANCEL, as uac-cancel.xml knows; both orders are a caller gone.
    recv('<recv response="200" optional="true" next="cancel-answered"/>');
    recv('<recv response="487"/>');
    send(ackForFinal());
    recv('<recv response="200" next="done"/>');
    parts.push('  <label id="cancel-answered"/>');
    recv('<recv response="487"/>');
    send(ackForFinal());
    parts.push('  <label id="done"/>');
    return wrap(parts);
  } else if (typeof c.expect === 'number') {
    // A caller held in a routing queue hears 182 Queued first.
    recv('<recv response="182" optional="true"/>');
    recv('<recv response="180" optional="true"/>');
    recv(`<recv response="${c.expect}"/>`);
  }
  if (c.expect !== 'answer') {
    send(ackForFinal());
    return wrap(parts);
  }
  recv('<recv response="180" optional="true"/>');
  recv('<recv response="200" rrs="true"/>');
  const dialog = (method: string, cseq: number, branch = '[branch]'): string[] => [
    `${method} [next_url] SIP/2.0`,
    `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${branch}`,
    '[routes]',
    from,
    `${to}[peer_tag_param]`,
    callId,
    `CSeq: ${cseq} ${method}`,
    contact,
    'Max-Forwards: 70',
  ];
  // A late offer's answer travels in the ACK.
  send(withBody(dialog('ACK', 1), body === null ? PCMA_SDP : null));
  if (c.audio === true) parts.push('  <nop>\n    <action>\n      <exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/>\n    </action>\n  </nop>');
  let cseq = 2;
  for (const step of c.inDialog ?? []) {
    if ('refer' in step) {
      send([...dialog('REFER', cseq), `Refer-To: <${step.refer}>`, 'Content-Length: 0'], true);
      recv(`<recv response="${step.expect}"/>`);
    } else {
      const branch = `z9hG4bK-re${cseq}-[pid]-[call_number]`;
      send(withBody([...dialog('INVITE', cseq, branch), ...(step.headers ?? [])], step.reinvite), true);
      recv('<recv response="100" optional="true"/>');
      recv(`<recv response="${step.expect}"/>`);
      send(withBody(dialog('ACK', cseq, step.expect < 300 ? '[branch]' : branch), null));
    }
    cseq += 1;
  }
  if (c.end === 'agent-bye') {
    const ok = (sdp: boolean): string[] =>
      // recvonly answers both a hold (sendonly) and a resume offer (Chrome refuses sendrecv in answer to sendonly).
      withBody(['SIP/2.0 200 OK', '[last_Via:]', '[last_From:]', '[last_To:]', '[last_Call-ID:]', '[last_CSeq:]', contact], sdp ? PCMA_SDP.replace('a=sendrecv', 'a=recvonly') : null);
    parts.push('  <label id="wait"/>');
    recv('<recv request="INVITE" optional="true" next="reinvite"/>');
    recv('<recv request="BYE"/>');
    send(ok(false));
    parts.push('  <nop next="done"/>', '  <label id="reinvite"/>');
    send(ok(true));
    recv('<recv request="ACK" next="wait"/>');
    parts.push('  <label id="done"/>');
  } else {
    recv('<pause/>');
    send([...dialog('BYE', cseq), 'Content-Length: 0'], true);
    recv('<recv response="200"/>');
  }
  return wrap(parts);
}

function wrap(parts: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="frontline hostile caller">\n${parts.join('\n')}\n</scenario>\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'frontline-hostile-'));
let written = 0;

/** Writes the scenario to a temp file and returns its absolute path (runSipp takes it as the scenario). */
export function writeHostileScenario(c: HostileCall): string {
  written += 1;
  const file = join(dir, `hostile-${written}.xml`);
  writeFileSync(file, hostileScenario(c));
  return file;
}
