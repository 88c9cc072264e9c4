import { afterEach, describe, expect, it } from 'vitest';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';

let lab: SipLab | null = null;
afterEach(async () => {
  await lab?.close();
  lab = null;
});

const AUDIO_SDP = ['v=0', 'o=c 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 8', 'a=rtpmap:8 PCMA/8000', ''].join('\r\n');
let n = 0;

/** A raw INVITE as a hostile caller behind the proxy would send it. */
function invite(o: { callId?: string; from?: string; headers?: string[]; body?: string | null; tag?: string } = {}): { text: string; callId: string } {
  n += 1;
  const callId = o.callId ?? `hostile-${n}@lab`;
  const body = o.body === undefined ? AUDIO_SDP : (o.body ?? '');
  const text = [
    'INVITE sip:1001@lab.invalid SIP/2.0',
    `Via: SIP/2.0/WS proxy.invalid;branch=z9hG4bK-h${n}-${Math.random().toString(36).slice(2)}`,
    `From: ${o.from ?? '"Caller" <sip:+442079460958@carrier.invalid>'};tag=${o.tag ?? `ft${n}`}`,
    'To: <sip:1001@lab.invalid>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    'Contact: <sip:carrier@carrier.invalid>',
    ...(o.headers ?? []),
    ...(body === '' ? [] : ['Content-Type: application/sdp']),
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
  return { text, callId };
}

async function started(options: Parameters<typeof makeSipLab>[0] = {}): Promise<SipLab> {
  lab = await makeSipLab(options);
  await lab.phone.start();
  await expect.poll(() => lab?.registration()).toBe('registered');
  return lab;
}

async function finalResponse(l: SipLab, callId: string): Promise<string> {
  await expect.poll(() => l.responsesFor(callId).filter((r) => !r.startsWith('1')).length).toBeGreaterThan(0);
  return l.responsesFor(callId).find((r) => !r.startsWith('1')) ?? '';
}

describe('SIP policy for inbound INVITEs (sip.js with fake transport and media)', () => {
  it('rings for a From that is a tel: URI (even with a PAI) and answers with the caller’s own From', async () => {
    const l = await started();
    const { text, callId } = invite({ from: '<tel:+442079460958;phone-context=+44>', headers: ['P-Asserted-Identity: <tel:+442079460958>'] });
    await l.inject(text);
    await expect.poll(() => l.lastCall()?.state.phase).toBe('ringing');
    expect(l.lastCall()?.identity.number).toMatchObject({ kind: 'number', e164: '+442079460958' });
    const ringing = l.phoneSent.find((m) => m.startsWith('SIP/2.0 180') && m.includes(callId));
    expect(ringing).toContain('From: <tel:+442079460958;phone-context=+44>;tag=');
  });

  it('reads a bare tel: From (no angle brackets) as the caller’s number', async () => {
    const l = await started();
    await l.inject(invite({ from: 'tel:+442079460959' }).text);
    await expect.poll(() => l.lastCall()?.identity.number).toMatchObject({ kind: 'number', e164: '+442079460959' });
  });

  it('answers 400 with the reason to an INVITE sip.js cannot parse, instead of dropping it', async () => {
    const l = await started();
    const { text, callId } = invite({ headers: ['Contact: <mailto:x@y>'] });
    await l.inject(text.replace('Contact: <sip:carrier@carrier.invalid>\r\n', ''));
    expect(await finalResponse(l, callId)).toMatch(/^400 /);
    expect(l.phoneSent.find((m) => m.startsWith('SIP/2.0 400'))).toContain('Warning: 399 frontline "unparseable');
  });

  it.each([
    ['100rel (a reliable 183 would carry our SDP before answer)', '100rel'],
    ['precondition', 'precondition'],
    ['an unknown extension', 'x-frontline-magic'],
  ])('refuses Require: %s with 420 and Unsupported, and records the call as failed', async (_what, tag) => {
    const l = await started();
    const { text, callId } = invite({ headers: [`Require: ${tag}`, 'Supported: 100rel'] });
    await l.inject(text);
    expect(await finalResponse(l, callId)).toMatch(/^420 /);
    expect(l.phoneSent.find((m) => m.startsWith('SIP/2.0 420'))).toContain(`Unsupported: ${tag}`);
    expect(l.lastCall()).toMatchObject({ state: { phase: 'ended', endReason: 'failed' } });
    expect(l.lastCall()?.notice).toMatch(/required SIP extensions/);
    expect(l.phoneSdhs).toHaveLength(0);
  });

  it.each([
    ['video only', AUDIO_SDP.replace('m=audio 4000 RTP/AVP 8', 'm=video 4000 RTP/AVP 96').replace('PCMA/8000', 'H264/90000').replace('rtpmap:8', 'rtpmap:96')],
    ['audio declined (port 0)', AUDIO_SDP.replace('m=audio 4000', 'm=audio 0')],
    ['audio with no codec the browser plays', AUDIO_SDP.replace('RTP/AVP 8', 'RTP/AVP 18').replace('a=rtpmap:8 PCMA/8000', 'a=rtpmap:18 G729/8000')],
    ['garbage', 'this is not sdp\r\nat all\r\n'],
    ['a broken media line', AUDIO_SDP.replace('m=audio 4000 RTP/AVP 8', 'm=audio port RTP/AVP')],
    ['no connection address', AUDIO_SDP.replace('c=IN IP4 127.0.0.1\r\n', '')],
  ])('refuses an offer with %s: 488 before ringing, a human notice, no media', async (_what, body) => {
    const l = await started();
    const { text, callId } = invite({ body });
    await l.inject(text);
    expect(await finalResponse(l, callId)).toMatch(/^488 /);
    expect(l.lastCall()?.state.phase).toBe('ended');
    expect(l.lastCall()?.notice).toMatch(/^Refused a call/);
    expect(l.events.some((e) => e.type === 'call' && e.call.state.phase === 'ringing')).toBe(false);
    expect(l.phoneSdhs).toHaveLength(0);
  });

  async function answeredLateOffer(l: SipLab): Promise<{ text: string; callId: string; ok: string }> {
    const { text, callId } = invite({ body: null });
    await l.inject(text);
    await expect.poll(() => l.lastCall()?.state.phase).toBe('ringing');
    expect(l.phoneSdhs.every((s) => s.directions.length === 0)).toBe(true);
    const call = l.lastCall();
    if (call === undefined) throw new Error('no call');
    await l.phone.answer(call.id);
    await expect.poll(() => l.phoneSent.some((m) => m.startsWith('SIP/2.0 200') && m.includes(callId))).toBe(true);
    const ok = l.phoneSent.find((m) => m.startsWith('SIP/2.0 200') && m.includes(callId)) ?? '';
    expect(ok).toContain('m=audio');
    return { text, callId, ok };
  }

  /** The caller's ACK to the phone's 200 OK (to-tag copied), with or without the SDP answer. */
  function ackFor(invite: string, ok: string, body: string): string {
    const to = /^To: .*$/m.exec(ok)?.[0] ?? '';
    const head = invite
      .slice(0, invite.indexOf('\r\n\r\n'))
      .replace(/^INVITE /, 'ACK ')
      .replace(/^To: .*$/m, to)
      .replace('CSeq: 1 INVITE', 'CSeq: 1 ACK')
      .replace(/branch=[^\r]*/, 'branch=z9hG4bK-ack')
      .replace(/^Content-(Type|Length):.*\r\n?/gm, '');
    return `${head}\r\n${body === '' ? '' : 'Content-Type: application/sdp\r\n'}Content-Length: ${body.length}\r\n\r\n${body}`;
  }

  it('takes a late offer (INVITE without SDP): rings, offers only once answered, connects on the answer in the ACK', async () => {
    const l = await started();
    const { text, ok } = await answeredLateOffer(l);
    expect(l.lastCall()?.state.phase).toBe('connecting');
    await l.inject(ackFor(text, ok, AUDIO_SDP));
    await expect.poll(() => l.lastCall()?.state.phase).toBe('active');
  });

  it('ends a late offer whose ACK brings no answer as failed, never as an answered call', async () => {
    const l = await started();
    const { text, ok } = await answeredLateOffer(l);
    await l.inject(ackFor(text, ok, ''));
    await expect.poll(() => l.lastCall()?.state.endReason).toBe('failed');
    expect(l.events.some((e) => e.type === 'call' && e.call.state.phase === 'active')).toBe(false);
  });

  it('never asks for local media while ringing, whatever the INVITE asks (auto-answer hints, Supported: 100rel)', async () => {
    const l = await started();
    const { callId, text } = invite({
      headers: ['Supported: 100rel, precondition', 'Alert-Info: <http://x.invalid>;info=alert-autoanswer', 'Call-Info: <sip:x.invalid>;answer-after=0', 'Answer-Mode: Auto'],
    });
    await l.inject(text);
    await expect.poll(() => l.lastCall()?.state.phase).toBe('ringing');
    await new Promise((r) => setTimeout(r, 100));
    expect(l.lastCall()?.state.phase).toBe('ringing');
    expect(l.responsesFor(callId).filter((r) => !r.startsWith('1'))).toEqual([]);
    expect(l.phoneSdhs.flatMap((s) => s.directions)).toEqual([]);
  });

  it('keys each dialog on its own id: a 4 KB Call-ID is bounded, a reused Call-ID is a new call', async () => {
    const l = await started();
    const long = `${'x'.repeat(4096)}@lab`;
    await l.inject(invite({ callId: long }).text);
    await expect.poll(() => l.lastCall()?.state.phase).toBe('ringing');
    const first = l.lastCall();
    expect(first?.id.length).toBeLessThanOrEqual(64);
    expect(first?.sipCallId.length).toBeLessThanOrEqual(128);
    if (first === undefined) throw new Error('no call');
    await l.phone.decline(first.id);
    await l.inject(invite({ callId: long, tag: 'other-tag' }).text);
    await expect.poll(() => l.lastCall()?.id).not.toBe(first.id);
    expect(l.lastCall()?.state.phase).toBe('ringing');
  });

  it('caps ringing calls: the third INVITE while two ring gets 486 and one failed record', async () => {
    const l = await started();
    await l.inject(invite().text);
    await l.inject(invite().text);
    await expect.poll(() => l.events.filter((e) => e.type === 'call' && e.call.state.phase === 'ringing').length).toBe(2);
    const third = invite();
    await l.inject(third.text);
    expect(await finalResponse(l, third.callId)).toMatch(/^486 /);
    expect(l.lastCall()?.notice).toMatch(/already ringing/);
  });

  it('ignores queue headers unless the PBX is trusted, and refuses ones that do not look like a PBX’s', async () => {
    const untrusted = await started({ phone: { trustedPbx: false } });
    await untrusted.inject(invite({ headers: ['X-Frontline-Queue: Billing', 'X-Frontline-Queue-Wait: 12'] }).text);
    await expect.poll(() => untrusted.lastCall()?.state.phase).toBe('ringing');
    expect(untrusted.lastCall()).toMatchObject({ queue: null, waitedMs: null });
    await untrusted.close();
    const trusted = await started();
    await trusted.inject(invite({ headers: ['X-Frontline-Queue: \u202eBilling\u202c', 'X-Frontline-Queue-Wait: 3000'] }).text);
    await expect.poll(() => trusted.lastCall()?.state.phase).toBe('ringing');
    expect(trusted.lastCall()).toMatchObject({ queue: 'Billing', waitedMs: 3_000_000 });
    const first = trusted.lastCall()?.id;
    await trusted.inject(invite({ headers: ['X-Frontline-Queue: <script>', 'X-Frontline-Queue-Wait: 99999999'] }).text);
    await expect.poll(() => trusted.lastCall()?.id).not.toBe(first);
    expect(trusted.lastCall()).toMatchObject({ queue: null, waitedMs: null });
  });
});
