import { describe, expect, it } from 'vitest';
import { decisionMessage, parseKamailioMessage, refreshMessage } from '../../../electron/server/pbx/evapi-messages';

const ask = (fields: Record<string, unknown>) => JSON.stringify({ event: 'ask', tindex: 12, tlabel: '345', ask: { callId: 'c1@pbx', cseq: '1', queue: 'Billing', ...fields } });

describe('evapi messages between Kamailio and Frontline', () => {
  it('reads an ask into a route request, with the previous offer when Kamailio asks again', () => {
    expect(parseKamailioMessage(ask({ number: '+442079460958', display: '"Olivia"', previousDecision: 'd1', previousOutcome: 'declined' }))).toEqual({
      event: 'ask',
      ask: {
        tindex: 12,
        tlabel: 345,
        cseq: '1',
        fromTag: null,
        sdp: null,
        request: { callId: 'c1@pbx', caller: { number: '+442079460958', displayName: 'Olivia' }, queue: 'Billing', previous: { decisionId: 'd1', outcome: 'declined' } },
      },
    });
  });

  it('keeps hostile caller fields raw but bounded: an overlong number is withheld, a huge name cut, an unknown outcome dropped', () => {
    const parsed = parseKamailioMessage(ask({ number: '1'.repeat(300), display: 'B'.repeat(10_000), previousDecision: 'd1', previousOutcome: 'exploded' }));
    if (parsed.event !== 'ask') throw new Error('not an ask');
    expect(parsed.ask.request.caller).toEqual({ number: null, displayName: 'B'.repeat(4096) });
    expect(parsed.ask.request.previous).toBeUndefined();
  });

  it('carries the caller’s tag and SDP offer for queue music, dropping an SDP that is no SDP or too big', () => {
    const offer = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 8\r\n';
    const read = (fields: Record<string, unknown>) => {
      const parsed = parseKamailioMessage(ask(fields));
      if (parsed.event !== 'ask') throw new Error('not an ask');
      return { fromTag: parsed.ask.fromTag, sdp: parsed.ask.sdp };
    };
    expect(read({ fromTag: 'abc', sdp: offer })).toEqual({ fromTag: 'abc', sdp: offer });
    expect(read({ fromTag: 'x'.repeat(500), sdp: '<html>' })).toEqual({ fromTag: null, sdp: null });
    expect(read({ fromTag: 'abc', sdp: `v=0\r\n${'a=x\r\n'.repeat(5000)}` }).sdp).toBeNull();
  });

  it('puts queue music’s SDP in the first wait only', () => {
    const wait = { kind: 'wait', decisionId: 'w1', position: 1, estimatedWaitSec: null } as const;
    expect(JSON.parse(decisionMessage({ tindex: 1, tlabel: 2 }, wait, 0, 'v=0\r\n'))).toEqual({ tindex: 1, tlabel: 2, decisionId: 'w1', kind: 'wait', sdp: 'v=0\r\n' });
    expect(JSON.parse(decisionMessage({ tindex: 1, tlabel: 2 }, wait, 0))).toEqual({ tindex: 1, tlabel: 2, decisionId: 'w1', kind: 'wait' });
  });

  it('refuses messages it cannot route with, saying why', () => {
    expect(() => parseKamailioMessage('{"event":"ask","tindex":1}')).toThrow(/tindex, tlabel or callId/);
    expect(() => parseKamailioMessage('{"event":"report","callId":"c","what":"exploded"}')).toThrow(/known outcome/);
    expect(() => parseKamailioMessage('{"event":"dance"}')).toThrow(/unknown evapi event/);
    expect(() => parseKamailioMessage('not json')).toThrow();
  });

  it('reads reports of what the PBX saw', () => {
    expect(parseKamailioMessage('{"event":"report","callId":"c","decisionId":"","what":"caller-gone"}')).toEqual({
      event: 'report',
      report: { callId: 'c', decisionId: null, what: 'caller-gone' },
    });
    expect(parseKamailioMessage('{"event":"report","callId":"c","decisionId":"d1","what":"static-route"}')).toEqual({
      event: 'report',
      report: { callId: 'c', decisionId: 'd1', what: 'static-route' },
    });
  });

  it('answers an agent decision with an rtjson route carrying the decision id and the wait so far', () => {
    const message = JSON.parse(decisionMessage({ tindex: 1, tlabel: 2 }, { kind: 'agent', decisionId: 'd9', agentId: '3', target: 'sip:1002@127.0.0.1', ringTimeoutMs: 15_000 }, 12.4)) as Record<string, unknown>;
    expect(message).toEqual({
      tindex: 1,
      tlabel: 2,
      decisionId: 'd9',
      kind: 'agent',
      ringMs: 15_000,
      rt: { version: '1.0', routing: 'serial', routes: [{ uri: 'sip:1002@127.0.0.1', headers: { extra: 'X-Frontline-Route: d9\r\nX-Frontline-Queue-Wait: 12\r\n' } }] },
    });
  });

  it('never lets a decision inject SIP headers or lines', () => {
    const reject = JSON.parse(decisionMessage({ tindex: 1, tlabel: 2 }, { kind: 'reject', decisionId: 'x\r\nVia: evil', status: 404, reason: 'Unknown\r\nX-Evil: 1' }, 0)) as Record<string, string>;
    expect(reject.reason).toBe('Unknown  X-Evil: 1');
    expect(reject.decisionId).not.toMatch(/[\r\n]/);
    const release = JSON.parse(decisionMessage({ tindex: 1, tlabel: 2 }, { kind: 'release', decisionId: 'r1', target: 'sip:vm@x\r\nX: y', reason: 'max-wait', callbackTaskId: '7' }, 130)) as {
      rt: { routes: { uri: string; headers: { extra: string } }[] };
    };
    expect(release.rt.routes[0]?.uri).toBe('sip:vm@x  X: y');
    expect(release.rt.routes[0]?.headers.extra).toBe('X-Frontline-Route: r1\r\nX-Frontline-Queue-Wait: 130\r\n');
    expect(JSON.parse(decisionMessage({ tindex: 1, tlabel: 2 }, { kind: 'release', decisionId: 'r2', target: null, reason: 'closed', callbackTaskId: null }, 0))).toMatchObject({ kind: 'release', rt: null });
    expect(JSON.parse(refreshMessage('c1', '1'))).toEqual({ kind: 'refresh', callId: 'c1', cseq: '1' });
  });
});
