import { describe, expect, it } from 'vitest';
import { dialLinkInArgs, dialTarget, MAX_DIAL_LINK, parseDialLink } from '../../shared/domain/dial-link';

const number = (e164: string) => ({ ok: true, request: { kind: 'number', e164, display: expect.any(String) as unknown as string } });

describe('dial links from other applications (tel:, sip:, frontline://dial)', () => {
  it('reads tel: numbers with visual separators, percent-encoding and RFC 3966 phone-context', () => {
    expect(parseDialLink('tel:+44-20-7946-0958', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('tel:+44%2020%207946%200958', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('TEL:020 7946 0958', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('tel:7946-0958;phone-context=+44-20', 'DE')).toEqual(number('+442079460958'));
    expect(parseDialLink('tel:030 901820', 'DE')).toEqual(number('+4930901820'));
  });

  it('shows a number in international format for the agent to confirm', () => {
    const r = parseDialLink('tel:02079460958', 'GB');
    expect(r.ok && r.request.display).toBe('+44 20 7946 0958');
  });

  it('dials a SIP address without the link’s parameters or headers; a telephone user part as a number', () => {
    expect(parseDialLink('sip:alice@PBX.Example.com;transport=tcp?Subject=hi&Replaces=abc', 'GB')).toEqual({
      ok: true,
      request: { kind: 'sip', uri: 'sip:alice@pbx.example.com', display: 'alice@pbx.example.com' },
    });
    expect(parseDialLink('sips:2001@10.0.0.5:5061', 'GB')).toMatchObject({ ok: true, request: { kind: 'sip', uri: 'sips:2001@10.0.0.5:5061' } });
    expect(parseDialLink('sip:+442079460958@carrier.example;user=phone', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('sip:02079460958@carrier.example;user=phone', 'GB')).toEqual(number('+442079460958'));
  });

  it('reads frontline://dial by number, by path or with a tel:/sip: link inside', () => {
    expect(parseDialLink('frontline://dial?number=%2B44%2020%207946%200958', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('frontline://dial/+442079460958', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('frontline://dial?number=+4930901820', 'GB')).toEqual(number('+4930901820'));
    expect(parseDialLink('frontline://dial/?number=020%207946%200958', 'GB')).toEqual(number('+442079460958'));
    expect(parseDialLink('frontline://dial?uri=sip%3Abob%40pbx.example', 'GB')).toMatchObject({ ok: true, request: { kind: 'sip', uri: 'sip:bob@pbx.example' } });
  });

  it('refuses what it cannot dial, saying why', () => {
    expect(parseDialLink('https://evil.example/', 'GB')).toEqual({ ok: false, reason: 'not-a-dial-link' });
    expect(parseDialLink('tel:anonymous', 'GB')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseDialLink('tel:12', 'GB')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseDialLink('tel:%E0%A4%A', 'GB')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseDialLink('sip:nobody', 'GB')).toEqual({ ok: false, reason: 'bad-sip-address' });
    expect(parseDialLink('sip:a b@host', 'GB')).toEqual({ ok: false, reason: 'bad-sip-address' });
    expect(parseDialLink('sip:alice@evil host.example', 'GB')).toEqual({ ok: false, reason: 'bad-sip-address' });
    expect(parseDialLink('frontline://settings?wipe=1', 'GB')).toEqual({ ok: false, reason: 'unknown-action' });
    expect(parseDialLink('frontline://dial?uri=frontline%3A%2F%2Fdial%3Fnumber%3D1', 'GB')).toMatchObject({ ok: false });
    expect(parseDialLink(`tel:+44${'1'.repeat(MAX_DIAL_LINK)}`, 'GB')).toEqual({ ok: false, reason: 'too-long' });
  });

  it('finds the link among a launch’s arguments (Windows and Linux pass it as an argument)', () => {
    expect(dialLinkInArgs(['C:\\Frontline\\Frontline.exe', '--flag', 'tel:+442079460958'])).toBe('tel:+442079460958');
    expect(dialLinkInArgs(['/usr/bin/frontline', 'frontline://dial?number=1'])).toBe('frontline://dial?number=1');
    expect(dialLinkInArgs(['/usr/bin/frontline', 'https://example.com', 'file:///etc/passwd'])).toBeNull();
  });

  it('dials E.164 for a number and the cleaned address for SIP', () => {
    const n = parseDialLink('tel:+442079460958', 'GB');
    const s = parseDialLink('sip:alice@pbx.example?X=1', 'GB');
    expect(n.ok && dialTarget(n.request)).toBe('+442079460958');
    expect(s.ok && dialTarget(s.request)).toBe('sip:alice@pbx.example');
  });
});
