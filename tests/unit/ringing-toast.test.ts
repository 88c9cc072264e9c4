import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { readRingingLink, ringingLink, ringingToastXml, xmlText } from '../../electron/main/ringing-toast';

/** Parses strictly: any warning or error of the XML parser fails the test. */
function parse(xml: string) {
  const problems: string[] = [];
  const doc = new DOMParser({ errorHandler: (level: string, message: string) => problems.push(`${level}: ${message}`) } as never).parseFromString(xml, 'text/xml');
  expect(problems).toEqual([]);
  return doc;
}

const NOTICE = { callId: 'c1', title: 'Incoming call — Olivia Bennett', body: '+44 20 7946 0958 · Sales', answer: 'Answer', decline: 'Decline' };

describe('the Windows toast for a ringing call (toastXml, ADR 0034)', () => {
  it('is an incoming-call toast, silent, with Answer and Decline opening frontline://ringing links, and the body a focus link', () => {
    const doc = parse(ringingToastXml(NOTICE));
    const toast = doc.documentElement;
    expect(toast?.tagName).toBe('toast');
    expect(toast?.getAttribute('scenario')).toBe('incomingCall');
    expect(toast?.getAttribute('activationType')).toBe('protocol');
    expect(readRingingLink(toast?.getAttribute('launch') ?? '')).toEqual({ callId: 'c1', action: 'focus' });
    const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toEqual([NOTICE.title, NOTICE.body]);
    expect(doc.getElementsByTagName('audio')[0]?.getAttribute('silent')).toBe('true');
    const actions = Array.from(doc.getElementsByTagName('action')).map((a) => ({ content: a.getAttribute('content'), activation: a.getAttribute('activationType'), link: readRingingLink(a.getAttribute('arguments') ?? '') }));
    expect(actions).toEqual([
      { content: 'Answer', activation: 'protocol', link: { callId: 'c1', action: 'answer' } },
      { content: 'Decline', activation: 'protocol', link: { callId: 'c1', action: 'decline' } },
    ]);
  });

  it('keeps a caller name with markup as text: escaped, well-formed, read back exactly', () => {
    const hostile = {
      callId: 'id"&<x>\'',
      title: 'Incoming call — <script>alert("x")</script> & Co\'s <text>fake</text>',
      body: '"/><action content="Pay" arguments="https://evil.example"/><text>',
      answer: 'Annehmen & <b>',
      decline: "Ablehnen '\"",
    };
    const xml = ringingToastXml(hostile);
    expect(xml).not.toContain('<script>');
    // xmldom 0.8 forgives a bare '&': checked on the text itself.
    expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    const doc = parse(xml);
    expect(Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent)).toEqual([hostile.title, hostile.body]);
    const actions = Array.from(doc.getElementsByTagName('action'));
    expect(actions.map((a) => a.getAttribute('content'))).toEqual([hostile.answer, hostile.decline]);
    expect(actions.map((a) => readRingingLink(a.getAttribute('arguments') ?? ''))).toEqual([
      { callId: hostile.callId, action: 'answer' },
      { callId: hostile.callId, action: 'decline' },
    ]);
  });

  it('drops the characters XML 1.0 forbids, so a name with control characters cannot break the toast', () => {
    const doc = parse(ringingToastXml({ ...NOTICE, title: 'Olivia\u0000\u0007\u001b Bennett\uFFFE', body: 'tab\there\nline' }));
    expect(Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent)).toEqual(['Olivia Bennett', 'tab\there\nline']);
    expect(xmlText('😀 <ok>')).toBe('😀 &lt;ok&gt;');
  });
});

describe('frontline://ringing links', () => {
  it('round-trip a call id and an action, and refuse anything else', () => {
    expect(readRingingLink(ringingLink('a b&c', 'decline'))).toEqual({ callId: 'a b&c', action: 'decline' });
    for (const link of ['frontline://dial?number=%2B442079460958', 'frontline://ringing/hangup?call=c1', 'frontline://ringing/answer', 'frontline://ringing/answer?call=', 'tel:+442079460958', `frontline://ringing/answer?call=${'x'.repeat(101)}`]) {
      expect({ link, read: readRingingLink(link) }).toEqual({ link, read: null });
    }
  });
});
