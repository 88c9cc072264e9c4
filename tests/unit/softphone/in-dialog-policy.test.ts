import { SessionState, UserAgent } from 'sip.js';
import { afterEach, describe, expect, it } from 'vitest';
import { callInFront, talkingCall } from '../../../renderer/src/features/softphone/call-focus';
import { fromPbxItself } from '../../../renderer/src/features/softphone/sip-policy';
import type { CallView } from '../../../renderer/src/features/softphone/softphone';
import { callView } from '../../support/call-view';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';

let lab: SipLab | null = null;
afterEach(async () => {
  await lab?.close();
  lab = null;
});

async function connected(options: Parameters<typeof makeSipLab>[0] = {}) {
  lab = await makeSipLab(options);
  const l = lab;
  await l.phone.start();
  const inviter = l.dial(['P-Asserted-Identity: <sip:+442079460958@carrier.invalid>']);
  await expect.poll(() => l.lastCall()?.state.phase).toBe('ringing');
  const call = l.lastCall();
  if (call === undefined) throw new Error('no call');
  await l.phone.answer(call.id);
  await expect.poll(() => inviter.state).toBe(SessionState.Established);
  await expect.poll(() => l.lastCall()?.state.phase).toBe('active');
  return { l, inviter, call };
}

function referStatus(inviter: ReturnType<SipLab['dial']>, target: string): Promise<number> {
  const uri = UserAgent.makeURI(target);
  if (uri === undefined) throw new Error('bad uri');
  return new Promise((resolve, reject) => {
    inviter
      .refer(uri, {
        requestDelegate: {
          onAccept: (r) => resolve(r.message.statusCode ?? 0),
          onReject: (r) => resolve(r.message.statusCode ?? 0),
        },
      })
      .catch(reject);
  });
}

describe('in-dialog requests from the far end', () => {
  it('refuses a REFER from the caller (603): no call is placed, the agent is told, the call goes on', async () => {
    const { l, inviter, call } = await connected({ phone: { trustedPbx: false } });
    expect(await referStatus(inviter, 'sip:+19005550100@premium.invalid')).toBe(603);
    await expect.poll(() => l.lastCall()?.notice).toMatch(/asked this phone to call sip:\+19005550100@premium\.invalid: refused/);
    expect(l.events.some((e) => e.type === 'call' && e.call.direction === 'outbound')).toBe(false);
    expect(l.lastCall()).toMatchObject({ id: call.id, state: { phase: 'active' } });
  });

  it('refuses a REFER relayed from the caller even when the PBX is trusted (only the PBX’s own REFER counts)', async () => {
    const { l, inviter } = await connected({ phone: { trustedPbx: true } });
    expect(await referStatus(inviter, 'sip:2002@lab.invalid')).toBe(603);
    expect(l.events.some((e) => e.type === 'call' && e.call.direction === 'outbound')).toBe(false);
  });

  it('knows a request the PBX made itself: one Via, the PBX’s; a relayed one has the caller’s below it', () => {
    expect(fromPbxItself(['SIP/2.0/WSS pbx.example:8089;branch=z9hG4bK1'], 'pbx.example')).toBe(true);
    expect(fromPbxItself(['SIP/2.0/WS pbx.example;branch=z9hG4bK1', 'SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK2'], 'pbx.example')).toBe(false);
    expect(fromPbxItself(['SIP/2.0/WS pbx.example;branch=z9hG4bK1, SIP/2.0/UDP 203.0.113.9;branch=z9hG4bK2'], 'pbx.example')).toBe(false);
    expect(fromPbxItself(['SIP/2.0/UDP evil.example;branch=z9hG4bK1'], 'pbx.example')).toBe(false);
  });

  it('answers 488 to a re-INVITE that turns the call into video only, and keeps the audio call', async () => {
    const { l, inviter, call } = await connected();
    const sdh = l.callerSdhs[0];
    if (sdh === undefined) throw new Error('no caller media');
    sdh.nextBody = ['v=0', 'o=c 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=video 5000 RTP/AVP 96', 'a=rtpmap:96 H264/90000', ''].join('\r\n');
    const status = await new Promise<number>((resolve) => {
      void inviter.invite({ requestDelegate: { onAccept: (r) => resolve(r.message.statusCode ?? 0), onReject: (r) => resolve(r.message.statusCode ?? 0) } });
    });
    expect(status).toBe(488);
    expect(l.lastCall()).toMatchObject({ id: call.id, state: { phase: 'active' } });
    expect(inviter.state).toBe(SessionState.Established);
  });

  it('answers a re-INVITE that adds video with the video declined (port 0)', async () => {
    const { l, inviter } = await connected();
    const sdh = l.callerSdhs[0];
    if (sdh === undefined) throw new Error('no caller media');
    const offered = l.phoneSdhs[0]?.remote ?? [];
    sdh.nextBody = ['v=0', 'o=c 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 8', 'm=video 5000 RTP/AVP 96', ''].join('\r\n');
    await new Promise<void>((resolve) => void inviter.invite({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } }));
    expect(offered.at(-1)).toContain('m=video 0 RTP/AVP 96');
    expect(offered.at(-1)).toContain('m=audio 4000 RTP/AVP 8');
  });
});

const view = (id: string, phase: CallView['state']['phase']): CallView => callView(id, phase);

describe('one target per call-control action when several calls are here', () => {
  it('after answering a waiting call, the pop and hang-up are the new call’s, not the held caller’s', () => {
    const calls = [view('first', 'held'), view('second', 'active')];
    expect(talkingCall(calls)?.id).toBe('second');
    expect(callInFront(calls)?.id).toBe('second');
  });

  it('a ringing call is in front for answer; talking stays on the connected one', () => {
    const calls = [view('first', 'active'), view('second', 'ringing')];
    expect(callInFront(calls)?.id).toBe('second');
    expect(talkingCall(calls)?.id).toBe('first');
  });

  it('with only held calls, the newest held one is the target (resume, hang up)', () => {
    expect(talkingCall([view('a', 'held'), view('b', 'held')])?.id).toBe('b');
    expect(talkingCall([view('a', 'ringing')])).toBeUndefined();
  });
});
