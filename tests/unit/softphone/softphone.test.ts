import { SessionState } from 'sip.js';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSipLab, type SipLab } from '../../support/sip-fakes';

let lab: SipLab | null = null;
afterEach(async () => {
  await lab?.close();
  lab = null;
});

async function ringing(l: SipLab, headers: string[] = []) {
  const inviter = l.dial(headers);
  await expect.poll(() => l.lastCall()?.state.phase).toBe('ringing');
  const call = l.lastCall();
  if (call === undefined) throw new Error('no call');
  return { inviter, call };
}

async function established(l: SipLab) {
  const { inviter, call } = await ringing(l);
  await l.phone.answer(call.id);
  await expect.poll(() => l.lastCall()?.state.phase).toBe('active');
  await expect.poll(() => inviter.state).toBe(SessionState.Established);
  return { inviter, call };
}

describe('SipJsSoftphone (sip.js with in-memory transport and fake media)', () => {
  it('registers with the server', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    await expect.poll(() => lab?.registration()).toBe('registered');
    expect(lab.registerCount()).toBe(1);
  });

  it('reports an inbound call while it rings, with the caller from P-Asserted-Identity and queue headers', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { call } = await ringing(lab, [
      'P-Asserted-Identity: <sip:+442079460958@carrier.invalid>',
      'X-Frontline-Queue: Billing',
      'X-Frontline-Queue-Wait: 42.5',
    ]);
    expect(call.identity.number).toMatchObject({ kind: 'number', e164: '+442079460958' });
    expect(call.identity.source).toBe('p-asserted-identity');
    expect(call.queue).toBe('Billing');
    expect(call.waitedMs).toBe(42_500);
  });

  it('answers, holds and resumes only when the far end confirms, then hangs up', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { inviter, call } = await established(lab);
    await lab.phone.hold(call.id);
    expect(lab.lastCall()?.state.phase).toBe('held');
    expect(lab.phoneSdhs[0]?.directions.at(-1)).toBe('sendonly');
    await lab.phone.resume(call.id);
    expect(lab.lastCall()?.state.phase).toBe('active');
    await lab.phone.hangup(call.id);
    expect(lab.lastCall()?.state.endReason).toBe('local-hangup');
    await expect.poll(() => inviter.state).toBe(SessionState.Terminated);
  });

  it('rolls a hold back to active when the far end refuses the re-INVITE', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { call } = await established(lab);
    const callerSdh = lab.callerSdhs[0];
    if (callerSdh === undefined) throw new Error('caller has no media handler');
    callerSdh.refuseNextOffer = true;
    await expect(lab.phone.hold(call.id)).rejects.toThrow(/488/);
    expect(lab.lastCall()?.state.phase).toBe('active');
  });

  it('ends the ringing call as cancelled when the caller gives up', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { inviter } = await ringing(lab);
    await inviter.cancel();
    await expect.poll(() => lab?.lastCall()?.state.endReason).toBe('caller-cancelled');
  });

  it('auto-answers once what it waits for (the painted pop) has happened, not before', async () => {
    let release = (): void => undefined;
    const waitedFor: string[] = [];
    const autoAnswerAfter = (call: { id: string }): Promise<void> => {
      waitedFor.push(call.id);
      return new Promise<void>((resolve) => (release = resolve));
    };
    lab = await makeSipLab({ phone: { autoAnswer: true, autoAnswerAfter } });
    await lab.phone.start();
    const { inviter, call } = await ringing(lab);
    expect(waitedFor).toEqual([call.id]);
    // Give the wire time to carry an answer, were one sent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lab.lastCall()?.state.phase).toBe('ringing');
    expect(lab.responsesFor(call.sipCallId)).not.toContain('200 OK');
    release();
    await expect.poll(() => lab?.lastCall()?.state.phase).toBe('active');
    await expect.poll(() => inviter.state).toBe(SessionState.Established);
    expect(lab.responsesFor(call.sipCallId)).toContain('200 OK');
  });

  it('does not auto-answer a caller who gave up while the answer waited', async () => {
    let release = (): void => undefined;
    lab = await makeSipLab({ phone: { autoAnswer: true, autoAnswerAfter: () => new Promise<void>((resolve) => (release = resolve)) } });
    await lab.phone.start();
    const { inviter, call } = await ringing(lab);
    await inviter.cancel();
    await expect.poll(() => lab?.lastCall()?.state.endReason).toBe('caller-cancelled');
    await expect.poll(() => lab?.responsesFor(call.sipCallId)).toContain('487 Request Terminated');
    const answered = lab.responsesFor(call.sipCallId);
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lab.lastCall()?.state.endReason).toBe('caller-cancelled');
    expect(lab.responsesFor(call.sipCallId)).toEqual(answered);
  });

  it('declines with 603 and ends on the far end’s BYE', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const first = await ringing(lab);
    await lab.phone.decline(first.call.id);
    await expect.poll(() => first.inviter.state).toBe(SessionState.Terminated);
    expect(lab.lastCall()?.state.endReason).toBe('declined');

    const second = await established(lab);
    await second.inviter.bye();
    await expect.poll(() => lab?.lastCall()?.state.endReason).toBe('remote-hangup');
  });

  it('sends DTMF through the media path and as SIP INFO', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { inviter, call } = await established(lab);
    const infos: string[] = [];
    inviter.delegate = { onInfo: (info) => (infos.push(info.request.body), void info.accept()) };
    await lab.phone.sendDtmf(call.id, '12#');
    expect(lab.phoneSdhs[0]?.dtmf).toEqual(['12#']);
    await lab.phone.sendDtmf(call.id, '5', 'info');
    await expect.poll(() => infos).toEqual(['Signal=5\r\nDuration=160']);
    await expect(lab.phone.sendDtmf(call.id, '<script>')).rejects.toThrow(/DTMF digits/);
  });

  it('blind-transfers: the far end gets a REFER to the target and the call ends as transferred', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { inviter, call } = await established(lab);
    const referredTo: string[] = [];
    inviter.delegate = {
      onRefer: (referral) => {
        referredTo.push(referral.referTo.uri.toString());
        void referral.accept();
      },
    };
    await lab.phone.blindTransfer(call.id, 'sip:2002@lab.invalid');
    await expect.poll(() => referredTo).toEqual(['sip:2002@lab.invalid']);
    await expect.poll(() => lab?.lastCall()?.state.endReason).toBe('transferred');
    await expect.poll(() => inviter.state).toBe(SessionState.Terminated);
    await expect(lab.phone.blindTransfer(call.id, 'not a uri')).rejects.toThrow();
  });

  it('attended transfer: consults, then REFERs the caller with Replaces naming the consultation dialog', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const { inviter, call } = await established(lab);
    await lab.phone.hold(call.id);
    const consultId = await lab.phone.dial('sip:2002@lab.invalid');
    await expect.poll(() => lab?.events.some((e) => e.type === 'call' && e.call.id === consultId && e.call.state.phase === 'active')).toBe(true);
    const referTo: string[] = [];
    inviter.delegate = {
      onRefer: (referral) => {
        referTo.push(referral.request.getHeader('Refer-To') ?? '');
        void referral.accept();
      },
    };
    await lab.phone.attendedTransfer(call.id, consultId);
    expect(referTo).toHaveLength(1);
    expect(decodeURIComponent(referTo[0] ?? '')).toMatch(/Replaces=[^;]+;to-tag=[^;]+;from-tag=/);
    const ended = lab.events.flatMap((e) => (e.type === 'call' && e.call.id === call.id ? [e.call.state] : [])).at(-1);
    expect(ended?.endReason).toBe('transferred');
  });

  it('dials a number in any format (click-to-dial) and connects when the far end answers', async () => {
    lab = await makeSipLab();
    await lab.phone.start();
    const id = await lab.phone.dial('020 7946 0958');
    await expect.poll(() => lab?.lastCall()?.state.phase).toBe('active');
    expect(lab.lastCall()).toMatchObject({ id, direction: 'outbound', identity: { number: { e164: '+442079460958' } } });
    await lab.phone.hangup(id);
    expect(lab.lastCall()?.state.endReason).toBe('local-hangup');
    await expect(lab.phone.dial('<script>')).rejects.toThrow(/cannot dial/);
  });

  it('re-registers by itself after the connection drops', async () => {
    lab = await makeSipLab({ watchdogMs: 50 });
    await lab.phone.start();
    await expect.poll(() => lab?.registration()).toBe('registered');
    lab.cutPhoneLink();
    await expect.poll(() => lab?.registration()).toBe('failed');
    await expect.poll(() => lab?.registration(), { timeout: 5_000 }).toBe('registered');
    expect(lab.registerCount()).toBeGreaterThanOrEqual(2);
  });
});
