import { describe, expect, it, vi } from 'vitest';
import { audioOnlyOffer, auditSdp, boundedCallId, checkRequire, trustedContactId, trustedQueueHeaders } from '../../../renderer/src/features/softphone/sip-policy';
import { Core } from 'sip.js';
import { preparseIncoming, restoreOutgoing, withPreparse } from '../../../renderer/src/features/softphone/sip-preparse';

const SDP = ['v=0', 'o=c 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');

describe('SIP policy rules', () => {
  it('accepts audio with a codec the browser plays, including opus by rtpmap on a WebRTC profile', () => {
    expect(auditSdp(SDP).ok).toBe(true);
    expect(auditSdp(SDP.replace('RTP/AVP 0 101', 'UDP/TLS/RTP/SAVPF 111').replace('telephone-event/8000', 'x').replace('rtpmap:101', 'rtpmap:111 opus/48000/2 ')).ok).toBe(true);
  });

  it('calls telephone-event alone “no audio”, and a NUL byte or a second v= line unreadable', () => {
    expect(auditSdp(SDP.replace('RTP/AVP 0 101', 'RTP/AVP 101')).problem).toBe('no-audio');
    expect(auditSdp(SDP.replace('s=-', 's=\0')).problem).toBe('unreadable');
    expect(auditSdp(`x${SDP}`).problem).toBe('unreadable');
  });

  it('declines every non-audio media line in an offer and keeps the audio one', () => {
    const offer = `${SDP}m=video 5000 RTP/AVP 96\r\nm=application 6000 UDP/DTLS/SCTP webrtc-datachannel\r\n`;
    const out = audioOnlyOffer(offer);
    expect(out).toContain('m=audio 4000 RTP/AVP 0 101');
    expect(out).toContain('m=video 0 RTP/AVP 96');
    expect(out).toContain('m=application 0 UDP/DTLS/SCTP');
  });

  it('supports no Require tag (so nothing forces media before answer) and lists what it refused', () => {
    expect(checkRequire(undefined)).toBeNull();
    expect(checkRequire('100rel, Timer')?.headers).toContain('Unsupported: 100rel, timer');
  });

  it('bounds a Call-ID and marks the cut', () => {
    expect(boundedCallId('abc@x')).toBe('abc@x');
    const long = boundedCallId('y'.repeat(10_000));
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/…\(10000\)$/);
  });

  it('believes queue and wait only from a trusted PBX, in a sane range, with bidi controls removed', () => {
    expect(trustedQueueHeaders(false, 'Billing', '12')).toEqual({ queue: null, waitedMs: null });
    expect(trustedQueueHeaders(true, 'Billing', '12.5')).toEqual({ queue: 'Billing', waitedMs: 12_500 });
    expect(trustedQueueHeaders(true, '\u202egnilliB', '-3')).toEqual({ queue: 'gnilliB', waitedMs: null });
    expect(trustedQueueHeaders(true, 'Q'.repeat(65), '3000')).toEqual({ queue: null, waitedMs: 3_000_000 });
    expect(trustedQueueHeaders(true, '=HYPERLINK("x")', '1e9')).toEqual({ queue: null, waitedMs: null });
    expect(trustedQueueHeaders(true, 'Sales', String(3600 + 1))).toEqual({ queue: 'Sales', waitedMs: null });
  });

  it('turns a tel: From into something sip.js parses and puts it back on the way out', () => {
    const rewrites = new Map<string, string>();
    const raw = ['INVITE sip:1001@x SIP/2.0', 'Via: SIP/2.0/WS x;branch=z9hG4bK1', 'f: "A" <tel:+44 20 7946 0958>;tag=1', 'To: <sip:1001@x>', 'Call-ID: 1', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n');
    const { message } = preparseIncoming(raw, rewrites);
    expect(message).toContain('f: "A" <sip:+442079460958@tel.invalid>;tag=1');
    expect(restoreOutgoing('SIP/2.0 180 Ringing\r\nFrom: "A" <sip:+442079460958@tel.invalid>;tag=1\r\n\r\n', rewrites)).toContain('From: "A" <tel:+44 20 7946 0958>;tag=1');
  });
});

describe("the pre-parser's check", () => {
  it('hands its parse to sip.js: a checked message is parsed once, not twice, and only that once', () => {
    withPreparse(class {} as never); // the transport seam installs the hand-over
    const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined, debug: () => undefined } as never;
    const raw = ['INVITE sip:1001@x SIP/2.0', 'Via: SIP/2.0/WS x;branch=z9hG4bK2', 'From: <sip:+442079460958@x>;tag=1', 'To: <sip:1001@x>', 'Contact: <sip:a@x>', 'Call-ID: two', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n');
    const grammar = vi.spyOn(Core.Grammar, 'parse');
    try {
      Core.Parser.parseMessage(raw, quiet);
      const oneParse = grammar.mock.calls.length;
      expect(oneParse).toBeGreaterThan(0);
      grammar.mockClear();
      expect(preparseIncoming(raw, new Map()).message).toBe(raw);
      const handed = Core.Parser.parseMessage(raw, quiet);
      expect(handed?.callId).toBe('two');
      expect(grammar.mock.calls.length).toBe(oneParse);
      grammar.mockClear();
      expect(Core.Parser.parseMessage(raw, quiet)).not.toBe(handed);
      expect(grammar.mock.calls.length).toBe(oneParse);
    } finally {
      grammar.mockRestore();
    }
  });
});

describe('the PBX contact id (X-Frontline-Contact)', () => {
  it('is believed only from a trusted PBX, and only in a plain bounded form', () => {
    expect(trustedContactId(true, ' 0cc175b9c0f1b6a831c399e269772661-1764584400 ')).toBe('0cc175b9c0f1b6a831c399e269772661-1764584400');
    expect(trustedContactId(false, 'abc-1')).toBeNull();
    expect(trustedContactId(true, undefined)).toBeNull();
    expect(trustedContactId(true, 'a'.repeat(129))).toBeNull();
    expect(trustedContactId(true, 'x\u202eevil')).toBeNull();
    expect(trustedContactId(true, 'two words')).toBeNull();
  });
});
