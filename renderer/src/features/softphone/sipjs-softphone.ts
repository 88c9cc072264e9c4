import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  Web,
  type Referral,
  type Session,
  type SessionDescriptionHandlerFactory,
  type Transport,
  type UserAgentOptions,
} from 'sip.js';
import { inboundCall, outboundCall, transition, type CallEvent } from '../../../../shared/domain/call/call-state';
import { callerIdentity } from '../../../../shared/domain/call/caller-identity';
import { normalisePhone } from '../../../../shared/domain/phone';
import { policySdhFactory } from './policy-sdh';
import { boundedCallId, checkOffer, checkRequire, fromPbxItself, MAX_CALLS, MAX_RINGING, trustedContactId, trustedQueueHeaders, trustedRouteId, type Refusal } from './sip-policy';
import { ROUTE_HEADER } from '../../../../shared/domain/routing/route-protocol';
import { withPreparse } from './sip-preparse';
import type { AudioStats, CallView, RegistrationState, Softphone, SoftphoneEvent } from './softphone';

/** PBX headers carrying the queue a call came from and how long the caller already waited (seconds). */
export const QUEUE_HEADER = 'X-Frontline-Queue';
export const QUEUE_WAIT_HEADER = 'X-Frontline-Queue-Wait';
export const CONTACT_HEADER = 'X-Frontline-Contact';
export { ROUTE_HEADER };

export interface SipJsSoftphoneOptions {
  /** Address of record, e.g. sip:1001@pbx.example. */
  aor: string;
  /** WebSocket URL of the SIP server (RFC 7118), e.g. wss://pbx.example:8089/ws. */
  server: string;
  username?: string;
  password?: string;
  displayName?: string;
  defaultRegion: string;
  /** Registration lifetime asked for; refreshed at half of what the server grants. */
  registerExpires?: number;
  /** How often the watchdog checks registration and the socket. */
  watchdogMs?: number;
  iceGatheringTimeoutMs?: number;
  /** Answer every inbound call by itself, once `autoAnswerAfter` says so (the pop shows first). */
  autoAnswer?: boolean;
  /**
   * With `autoAnswer`: what the answer waits for. The desk passes "this call's pop is painted"
   * (bounded): accepting sets up the media (getUserMedia, the peer connection, ICE) on the page's
   * main thread, which otherwise runs beside the pop's lookup and render. Default: nothing.
   */
  autoAnswerAfter?: (call: CallView) => Promise<void>;
  /**
   * The PBX strips X-Frontline-* headers arriving from outside and sets them itself (the reference
   * Kamailio config does): only then are queue and wait believed, and only then is a REFER honoured
   * (as a visible, recorded call of the agent's). Off: both are ignored / refused.
   */
  trustedPbx?: boolean;
  /** Calls ringing at once before a new INVITE gets 486 (default MAX_RINGING). */
  maxRinging?: number;
  /** Seams for logic tests and the demo line. */
  /** Where the far end's audio plays (the agent's headset); none in logic tests. */
  remoteAudio?: HTMLAudioElement;
  /** Chosen devices, asked at each call (a headset may be plugged in mid-shift); undefined = system default. */
  microphoneId?: () => Promise<string | undefined>;
  speakerId?: () => Promise<string | undefined>;
  transportConstructor?: new (...args: never[]) => Transport;
  sessionDescriptionHandlerFactory?: SessionDescriptionHandlerFactory;
  now?: () => number;
}

interface LiveCall {
  view: CallView;
  session: Session;
}

/** Softphone on sip.js: registration with refresh and a watchdog, inbound and outbound calls, hold confirmed on 200 OK. */
export class SipJsSoftphone implements Softphone {
  readonly userAgent: UserAgent;
  private readonly registerer: Registerer;
  private readonly calls = new Map<string, LiveCall>();
  private readonly listeners = new Set<(event: SoftphoneEvent) => void>();
  private registration: RegistrationState = 'unregistered';
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private stopped = true;
  private readonly now: () => number;
  /** Inbound sessions the agent answered: only these may create local media (see policy-sdh). */
  private readonly answered = new WeakSet<Session>();
  /** Late offers answered by the agent, waiting for the caller's answer in the ACK: connected only once it is taken. */
  private readonly awaitingAnswer = new Map<Session, string>();
  private nextLocalId = 0;

  constructor(private readonly options: SipJsSoftphoneOptions) {
    this.now = options.now ?? (() => performance.now());
    const uri = UserAgent.makeURI(options.aor);
    if (uri === undefined) throw new Error(`not a SIP address: ${options.aor}`);
    const uaOptions: UserAgentOptions = {
      uri,
      displayName: options.displayName,
      authorizationUsername: options.username,
      authorizationPassword: options.password,
      transportOptions: { server: options.server, keepAliveInterval: 25 },
      sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: options.iceGatheringTimeoutMs ?? 500 },
      logBuiltinEnabled: false,
      logLevel: 'warn',
      // sip.js's warnings and errors (a failed answer, a refused re-INVITE) go to the console, prefixed.
      // sip.js calls the connector at every level whatever logLevel says: a dozen lines a call otherwise.
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') console[level](`[sip.js ${category}] ${content}`);
      },
      // No sip.js reconnection (its default, 0 attempts): the watchdog reconnects, for as long as it takes.
      delegate: { onInvite: (invitation) => this.onInvite(invitation) },
    };
    // The policy sits at both sip.js seams: the pre-parser in front of the transport, the media policy around the SDH.
    uaOptions.transportConstructor = withPreparse((options.transportConstructor ?? Web.Transport) as unknown as Parameters<typeof withPreparse>[0]) as never;
    uaOptions.sessionDescriptionHandlerFactory = policySdhFactory(
      options.sessionDescriptionHandlerFactory ?? Web.defaultSessionDescriptionHandlerFactory(),
      this.answered,
      (session) => this.onRemoteDescription(session),
    );
    this.userAgent = new UserAgent(uaOptions);
    this.registerer = new Registerer(this.userAgent, { expires: options.registerExpires ?? 300, refreshFrequency: 50 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.setRegistration('registered');
      else if (state === RegistererState.Unregistered && !this.stopped) this.setRegistration('unregistered');
    });
    this.userAgent.transport.onDisconnect = (error?: Error) => {
      if (!this.stopped) this.setRegistration('failed', error?.message ?? 'connection lost');
    };
  }

  subscribe(listener: (event: SoftphoneEvent) => void): () => void {
    this.listeners.add(listener);
    listener({ type: 'registration', state: this.registration });
    return () => this.listeners.delete(listener);
  }

  private emit(event: SoftphoneEvent): void {
    for (const l of this.listeners) l(event);
  }

  private setRegistration(state: RegistrationState, detail?: string): void {
    if (state === this.registration && detail === undefined) return;
    this.registration = state;
    this.emit(detail === undefined ? { type: 'registration', state } : { type: 'registration', state, detail });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.userAgent.start();
    await this.register();
    this.watchdog = setInterval(() => void this.checkHealth(), this.options.watchdogMs ?? 5_000);
  }

  private async register(): Promise<void> {
    this.setRegistration('registering');
    await this.registerer.register({
      requestDelegate: {
        // The Registerer's own state may never have left Registered (a dropped socket does not tell it): trust the 200 OK.
        onAccept: () => this.setRegistration('registered'),
        onReject: (response) => this.setRegistration('failed', `${response.message.statusCode} ${response.message.reasonPhrase}`),
      },
    });
  }

  /** A renewed digest credential (ADR 0032): sip.js reads it at the next challenge, so the registration refresh uses it. */
  renewCredential(username: string, password: string): void {
    this.userAgent.configuration.authorizationUsername = username;
    this.userAgent.configuration.authorizationPassword = password;
  }

  /** Registration silently lost (proxy restarted, socket dropped): reconnect and register again. */
  private async checkHealth(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.userAgent.transport.isConnected()) {
        await this.userAgent.reconnect();
        await this.register();
      } else if (this.registerer.state !== RegistererState.Registered) {
        await this.register();
      }
    } catch (error) {
      this.setRegistration('failed', error instanceof Error ? error.message : String(error));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog !== null) clearInterval(this.watchdog);
    for (const call of this.calls.values()) await this.hangup(call.view.id).catch(() => undefined);
    // Unregister before closing, or the proxy keeps a dead contact until it expires.
    if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister().catch(() => undefined);
    await this.userAgent.stop();
    this.setRegistration('unregistered');
  }

  private async audioConstraints(): Promise<{ audio: boolean | MediaTrackConstraints; video: false }> {
    const id = await this.options.microphoneId?.();
    return { audio: id === undefined ? true : { deviceId: { exact: id } }, video: false };
  }

  /** A local key for each dialog: the record's key, never the caller's Call-ID (which may be huge or reused). */
  private localId(): string {
    this.nextLocalId += 1;
    return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `call-${Date.now()}-${this.nextLocalId}`;
  }

  private onInvite(invitation: Invitation): void {
    const receivedAt = this.now();
    const request = invitation.request;
    const header = (name: string): string | undefined => request.getHeader(name);
    const headers = trustedQueueHeaders(this.options.trustedPbx === true, header(QUEUE_HEADER), header(QUEUE_WAIT_HEADER));
    const view: CallView = {
      id: this.localId(),
      sipCallId: boundedCallId(request.callId),
      direction: 'inbound',
      identity: callerIdentity(
        { pAssertedIdentity: header('P-Asserted-Identity'), from: header('From'), privacy: header('Privacy') },
        this.options.defaultRegion,
      ),
      queue: headers.queue,
      waitedMs: headers.waitedMs,
      contactId: trustedContactId(this.options.trustedPbx === true, header(CONTACT_HEADER)),
      routeId: trustedRouteId(this.options.trustedPbx === true, header(ROUTE_HEADER)),
      state: inboundCall(),
      receivedAt,
      notice: null,
    };
    const refusal = this.admission(invitation);
    if (refusal !== null) {
      this.refuse(view, invitation, refusal);
      return;
    }
    if (invitation.body === undefined || invitation.body.trim() === '') this.awaitingAnswer.set(invitation, view.id);
    this.track(view, invitation);
    if (this.options.autoAnswer === true) {
      // A caller gone meanwhile makes answer() throw: nothing left to answer.
      const ready = this.options.autoAnswerAfter?.(view) ?? Promise.resolve();
      void ready.then(() => this.answer(view.id)).catch(() => undefined);
      return;
    }
    // 180 Ringing, so the caller hears ringback and the PBX knows the phone is alerting. Never reliable, never with SDP.
    void invitation.progress().catch(() => undefined);
  }

  /** Whether a new INVITE may ring (ADR 0020): extensions, media, and how many calls are already here. */
  private admission(invitation: Invitation): Refusal | null {
    const request = invitation.request;
    const required = checkRequire(request.getHeader('Require'));
    if (required !== null) return required;
    const offer = checkOffer(request.getHeader('Content-Type'), typeof request.body === 'string' ? request.body : '');
    if (offer !== null) return offer;
    const live = [...this.calls.values()];
    const ringing = live.filter((c) => c.view.state.phase === 'ringing').length;
    if (ringing >= (this.options.maxRinging ?? MAX_RINGING) || live.length >= MAX_CALLS) {
      return {
        status: 486,
        reason: 'Busy Here',
        headers: [],
        message: `Refused a call: ${ringing} ${ringing === 1 ? 'call is' : 'calls are'} already ringing.`,
      };
    }
    return null;
  }

  /** The caller gets a clear SIP answer; the agent a notice; the call one record, ended as failed. */
  private refuse(view: CallView, invitation: Invitation, refusal: Refusal): void {
    void invitation.reject({ statusCode: refusal.status, reasonPhrase: refusal.reason, extraHeaders: refusal.headers }).catch(() => undefined);
    this.emit({ type: 'call', call: { ...view, state: { ...view.state, phase: 'ended', endReason: 'failed' }, notice: refusal.message } });
  }

  /**
   * A REFER in a call: refused unless the PBX is trusted and made the request itself (not relayed
   * from the caller); then followed as a call the agent sees and can end.
   */
  private onRefer(callId: string, referral: Referral): void {
    const target = referral.referTo.uri.toString().slice(0, 256);
    const pbxHost = new URL(this.options.server).hostname;
    if (this.options.trustedPbx !== true || !fromPbxItself(referral.request.getHeaders('via'), pbxHost)) {
      void Promise.resolve(referral.reject({ statusCode: 603, reasonPhrase: 'Decline' })).catch(() => undefined);
      this.notice(callId, `The caller asked this phone to call ${target}: refused.`);
      return;
    }
    void Promise.resolve(referral.accept()).catch(() => undefined);
    void (async () => {
      for (const c of this.calls.values()) if (c.view.state.phase === 'active') await this.hold(c.view.id).catch(() => undefined);
      await this.dial(target);
    })().catch((error: unknown) => this.notice(callId, `Transfer to ${target} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private notice(callId: string, message: string): void {
    const call = this.calls.get(callId);
    if (call === undefined) return;
    call.view = { ...call.view, notice: message };
    this.emit({ type: 'call', call: call.view });
  }

  /** After the far end re-negotiated (re-INVITE), a muted microphone stays muted whatever tracks the handler made. */
  private reapplyMute(callId: string): void {
    const call = this.calls.get(callId);
    if (call?.view.state.muted !== true) return;
    const pc = (call.session.sessionDescriptionHandler as { peerConnection?: RTCPeerConnection } | undefined)?.peerConnection;
    for (const sender of pc?.getSenders() ?? []) if (sender.track !== null) sender.track.enabled = false;
  }

  private track(view: CallView, session: Session): void {
    this.calls.set(view.id, { view, session });
    session.delegate = {
      onRefer: (referral) => this.onRefer(view.id, referral),
      onInvite: () => this.reapplyMute(view.id),
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established && !this.awaitingAnswer.has(session)) {
        this.apply(view.id, { type: 'established' });
        this.playRemoteAudio(session);
      }
      if (state === SessionState.Terminated) this.onTerminated(view.id);
    });
    this.emit({ type: 'call', call: view });
  }

  private onRemoteDescription(session: Session): void {
    const id = this.awaitingAnswer.get(session);
    if (id === undefined || session.state !== SessionState.Established) return;
    this.awaitingAnswer.delete(session);
    this.apply(id, { type: 'established' });
    this.playRemoteAudio(session);
  }

  private playRemoteAudio(session: Session): void {
    const audio = this.options.remoteAudio;
    const stream = (session.sessionDescriptionHandler as { remoteMediaStream?: MediaStream } | undefined)?.remoteMediaStream;
    if (audio === undefined || stream === undefined) return;
    audio.srcObject = stream;
    const sinkable = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    void (async () => {
      const speaker = await this.options.speakerId?.();
      if (speaker !== undefined && sinkable.setSinkId !== undefined) await sinkable.setSinkId(speaker).catch(() => undefined);
      await audio.play().catch(() => undefined);
    })();
  }

  private onTerminated(id: string): void {
    const call = this.calls.get(id);
    if (call === undefined) return;
    this.awaitingAnswer.delete(call.session);
    const p = call.view.state.phase;
    if (p !== 'ended') {
      // Answered but never connected (e.g. a late offer whose ACK brought no usable answer): failed, not a conversation.
      const event: CallEvent['type'] =
        p === 'ringing' ? 'remote-cancel' : p === 'dialing' ? 'remote-rejected' : p === 'connecting' ? 'failed' : 'remote-bye';
      this.apply(id, { type: event });
    }
    this.calls.delete(id);
  }

  private apply(id: string, event: CallEvent): void {
    const call = this.calls.get(id);
    if (call === undefined) throw new Error(`no call ${id}`);
    const next = transition(call.view.state, event);
    if (!next.ok) throw new Error(next.reason);
    call.view = { ...call.view, state: next.state };
    this.emit({ type: 'call', call: call.view });
  }

  private live(id: string): LiveCall {
    const call = this.calls.get(id);
    if (call === undefined) throw new Error(`no call ${id}`);
    return call;
  }

  async answer(callId: string): Promise<void> {
    const { session } = this.live(callId);
    if (!(session instanceof Invitation)) throw new Error('only an inbound call can be answered');
    this.apply(callId, { type: 'answer' });
    this.answered.add(session);
    await session.accept({ sessionDescriptionHandlerOptions: { constraints: await this.audioConstraints() } });
  }

  async decline(callId: string): Promise<void> {
    const { session } = this.live(callId);
    if (!(session instanceof Invitation)) throw new Error('only an inbound call can be declined');
    this.apply(callId, { type: 'decline' });
    await session.reject({ statusCode: 603 });
  }

  async hangup(callId: string): Promise<void> {
    const { session, view } = this.live(callId);
    if (view.state.phase === 'ringing') return this.decline(callId);
    this.apply(callId, { type: 'hangup' });
    if (session instanceof Inviter && session.state !== SessionState.Established) await session.cancel();
    else await session.bye();
  }

  private reinvite(callId: string, hold: boolean): Promise<void> {
    const { session } = this.live(callId);
    this.apply(callId, { type: hold ? 'hold' : 'resume' });
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        this.apply(callId, { type: hold ? 'hold-failed' : 'resume-failed' });
        reject(new Error(why));
      };
      session
        .invite({
          sessionDescriptionHandlerOptions: { hold } as never,
          requestDelegate: {
            onAccept: () => {
              this.apply(callId, { type: hold ? 'hold-confirmed' : 'resume-confirmed' });
              resolve();
            },
            onReject: (response) => fail(`${response.message.statusCode} ${response.message.reasonPhrase}`),
          },
        })
        .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
    });
  }

  hold(callId: string): Promise<void> {
    return this.reinvite(callId, true);
  }

  resume(callId: string): Promise<void> {
    return this.reinvite(callId, false);
  }

  setMuted(callId: string, muted: boolean): void {
    const { session } = this.live(callId);
    this.apply(callId, { type: muted ? 'mute' : 'unmute' });
    const pc = (session.sessionDescriptionHandler as { peerConnection?: RTCPeerConnection } | undefined)?.peerConnection;
    for (const sender of pc?.getSenders() ?? []) if (sender.track !== null) sender.track.enabled = !muted;
  }

  async sendDtmf(callId: string, digits: string, via: 'rfc2833' | 'info' = 'rfc2833'): Promise<void> {
    if (!/^[0-9A-D#*]{1,32}$/.test(digits)) throw new Error('DTMF digits are 0-9, A-D, * and #');
    const { session } = this.live(callId);
    if (via === 'rfc2833') {
      if (session.sessionDescriptionHandler?.sendDtmf(digits) !== true) throw new Error('the media path refused DTMF');
      return;
    }
    for (const digit of digits) {
      await session.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160` },
        },
      });
    }
  }

  async blindTransfer(callId: string, target: string): Promise<void> {
    const uri = UserAgent.makeURI(target);
    if (uri === undefined) throw new Error(`not a SIP address: ${target}`);
    await this.referAndLeave(callId, uri);
  }

  async attendedTransfer(callId: string, consultCallId: string): Promise<void> {
    const consult = this.live(consultCallId);
    if (consult.view.state.phase !== 'active') throw new Error('the consultation call is not connected');
    // sip.js builds Refer-To from the consultation dialog, with Replaces, when given the Session.
    await this.referAndLeave(callId, consult.session);
  }

  /** Send REFER; once the far end accepts (202) the call is transferred and we leave it. */
  private async referAndLeave(callId: string, referTo: Parameters<Session['refer']>[0]): Promise<void> {
    const { session } = this.live(callId);
    await new Promise<void>((resolve, reject) => {
      session
        .refer(referTo, {
          requestDelegate: {
            onAccept: () => {
              this.apply(callId, { type: 'transferred' });
              void session.bye().catch(() => undefined);
              resolve();
            },
            onReject: (response) => reject(new Error(`transfer refused: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch(reject);
    });
  }

  async audioStats(callId: string): Promise<AudioStats | null> {
    const pc = (this.live(callId).session.sessionDescriptionHandler as { peerConnection?: RTCPeerConnection } | undefined)?.peerConnection;
    if (pc === undefined) return null;
    let best: AudioStats | null = null;
    (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number; packetsLost?: number; jitter?: number }) => {
      // A new SSRC (e.g. DTMF from another source) adds a second inbound-rtp entry: keep the busiest.
      if (report.type !== 'inbound-rtp' || report.kind !== 'audio') return;
      const received = report.packetsReceived ?? 0;
      if (best === null || received > best.packetsReceived) {
        best = { packetsReceived: received, packetsLost: report.packetsLost ?? 0, jitterMs: (report.jitter ?? 0) * 1000 };
      }
    });
    return best;
  }

  /** Click-to-dial: E.164 numbers go to the PBX's domain (it routes them to the carrier); SIP URIs as given. */
  async dial(target: string): Promise<string> {
    const parsed = normalisePhone(target, this.options.defaultRegion);
    const host = UserAgent.makeURI(this.options.aor)?.host ?? 'invalid';
    const uri = UserAgent.makeURI(parsed.kind === 'number' ? `sip:${parsed.e164}@${host}` : target);
    if (uri === undefined || (parsed.kind !== 'number' && !target.startsWith('sip'))) throw new Error(`cannot dial "${target.slice(0, 40)}"`);
    const inviter = new Inviter(this.userAgent, uri, {
      sessionDescriptionHandlerOptions: { constraints: await this.audioConstraints() },
    });
    const view: CallView = {
      id: this.localId(),
      sipCallId: boundedCallId(inviter.request.callId),
      direction: 'outbound',
      identity: { displayName: null, number: parsed, source: 'none' },
      queue: null,
      waitedMs: null,
      contactId: null,
      routeId: null,
      state: outboundCall(),
      receivedAt: this.now(),
      notice: null,
    };
    this.track(view, inviter);
    await inviter.invite();
    return view.id;
  }

}
