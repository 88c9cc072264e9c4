import {
  Inviter,
  UserAgent,
  type Session,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerFactory,
  type SessionDescriptionHandlerOptions,
} from 'sip.js';
import { isRegister, registerOk, routeNewCallTo } from '../../renderer/src/features/demo-line/demo-registrar';
import { MemorySipTransport } from '../../renderer/src/features/demo-line/memory-sip-transport';
import { SipJsSoftphone, type SipJsSoftphoneOptions } from '../../renderer/src/features/softphone/sipjs-softphone';
import type { CallView, SoftphoneEvent } from '../../renderer/src/features/softphone/softphone';

/** A SessionDescriptionHandler with no WebRTC: canned SDP, records DTMF and holds; can be told to refuse the next offer. */
export class FakeSdh implements SessionDescriptionHandler {
  readonly dtmf: string[] = [];
  readonly directions: string[] = [];
  closed = false;
  refuseNextOffer = false;
  /** SDP to send instead of the canned audio one, once (a hostile re-INVITE). */
  nextBody: string | null = null;

  getDescription(options?: SessionDescriptionHandlerOptions): Promise<{ body: string; contentType: string }> {
    // sip.js passes the web handler's options through untouched; `hold` is one of them.
    const direction = (options as { hold?: boolean } | undefined)?.hold === true ? 'sendonly' : 'sendrecv';
    this.directions.push(direction);
    const override = this.nextBody;
    this.nextBody = null;
    if (override !== null) return Promise.resolve({ body: override, contentType: 'application/sdp' });
    const body = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 8', `a=${direction}`, ''].join('\r\n');
    return Promise.resolve({ body, contentType: 'application/sdp' });
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  /** Remote descriptions handed to this handler, as it got them. */
  readonly remote: string[] = [];

  setDescription(sdp: string): Promise<void> {
    this.remote.push(sdp);
    if (this.refuseNextOffer) {
      this.refuseNextOffer = false;
      return Promise.reject(new Error('offer refused by test'));
    }
    return Promise.resolve();
  }

  sendDtmf(tones: string): boolean {
    this.dtmf.push(tones);
    return true;
  }

  close(): void {
    this.closed = true;
  }
}

export function fakeSdhFactory(made: FakeSdh[]): SessionDescriptionHandlerFactory {
  return () => {
    const sdh = new FakeSdh();
    made.push(sdh);
    return sdh;
  };
}

/**
 * A two-party lab in memory: our softphone and a caller UA, joined by a "network" that answers
 * REGISTER itself (a registrar) and forwards everything else. Can cut the softphone's link.
 */
export async function makeSipLab(options: { watchdogMs?: number; phone?: Partial<SipJsSoftphoneOptions> } = {}) {
  const phoneSdhs: FakeSdh[] = [];
  const callerSdhs: FakeSdh[] = [];
  const phone = new SipJsSoftphone({
    aor: 'sip:1001@lab.invalid',
    server: 'ws://lab.invalid',
    defaultRegion: 'GB',
    watchdogMs: options.watchdogMs ?? 60_000,
    transportConstructor: MemorySipTransport,
    sessionDescriptionHandlerFactory: fakeSdhFactory(phoneSdhs),
    trustedPbx: true,
    ...options.phone,
  });
  const caller = new UserAgent({
    uri: UserAgent.makeURI('sip:carrier@lab.invalid'),
    transportConstructor: MemorySipTransport as never,
    sessionDescriptionHandlerFactory: fakeSdhFactory(callerSdhs),
    logBuiltinEnabled: false,
    // The far end answers calls the agent places.
    delegate: { onInvite: (invitation) => void invitation.accept() },
  });
  const toPhone = new MemorySipTransport();
  const toCaller = new MemorySipTransport();
  MemorySipTransport.pair(phone.userAgent.transport as MemorySipTransport, toPhone);
  MemorySipTransport.pair(caller.transport as MemorySipTransport, toCaller);
  let registers = 0;
  const phoneSent: string[] = [];
  toPhone.onMessage = (message) => {
    phoneSent.push(message);
    if (isRegister(message)) {
      registers++;
      void toPhone.send(registerOk(message));
    } else void toCaller.send(routeNewCallTo(message, 'sip:carrier@lab.invalid'));
  };
  toCaller.onMessage = (message) => void toPhone.send(message);
  await toPhone.connect();
  await toCaller.connect();
  await caller.start();

  const events: SoftphoneEvent[] = [];
  phone.subscribe((e) => events.push(e));
  const callViews = (): CallView[] => events.flatMap((e) => (e.type === 'call' ? [e.call] : []));

  return {
    phone,
    caller,
    phoneSdhs,
    callerSdhs,
    events,
    registerCount: () => registers,
    /** Everything the phone put on the wire, as text. */
    phoneSent,
    /** Responses the phone sent for a Call-ID, as "status reason" lines. */
    responsesFor: (callId: string): string[] =>
      phoneSent.filter((m) => m.startsWith('SIP/2.0') && m.includes(`\r\nCall-ID: ${callId}\r\n`)).map((m) => m.split('\r\n')[0]?.slice(8) ?? ''),
    /** Put raw SIP text on the phone's wire, as a hostile caller behind the proxy would. */
    inject: (raw: string): Promise<void> => toPhone.send(raw),
    lastCall: (): CallView | undefined => callViews().at(-1),
    registration: (): string | undefined => events.filter((e) => e.type === 'registration').at(-1)?.state as string | undefined,
    /** The caller places a call to the agent with the headers a carrier or PBX would add. */
    dial(extraHeaders: string[] = []): Inviter {
      const target = UserAgent.makeURI('sip:1001@lab.invalid');
      if (target === undefined) throw new Error('bad uri');
      const inviter = new Inviter(caller, target, { extraHeaders });
      void inviter.invite();
      return inviter;
    },
    cutPhoneLink: () => (phone.userAgent.transport as MemorySipTransport).drop(),
    async close(): Promise<void> {
      await phone.stop().catch(() => undefined);
      await caller.stop().catch(() => undefined);
    },
  };
}

export type SipLab = Awaited<ReturnType<typeof makeSipLab>>;
export type { Session };
