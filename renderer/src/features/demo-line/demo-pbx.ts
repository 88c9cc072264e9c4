import { Inviter, UserAgent, Web, type SessionDescriptionHandlerFactory } from 'sip.js';
import { MemorySipTransport } from './memory-sip-transport';
import { isRegister, registerOk, routeNewCallTo } from './demo-registrar';
import { ROUTE_HEADER } from '../../../../shared/domain/routing/route-protocol';

const DEMO_CALLER_AOR = 'sip:demo-caller@demo.invalid';

export interface DemoCall {
  /** E.164 number, or null for a withheld caller. */
  e164: string | null;
  displayName: string | null;
  queue: string;
  waitedSeconds: number;
  /** The demo caller hangs up this long after being answered. */
  talkSeconds: number;
  /** Set when the core's router chose this agent: the pop is already on screen. */
  routeId?: string | null | undefined;
  contactId?: string | null | undefined;
}

/** A synthetic caller voice (a two-tone hum), so the agent hears real audio over real WebRTC without a microphone. */
function tone(): MediaStream {
  const ctx = new AudioContext();
  const out = ctx.createMediaStreamDestination();
  for (const hz of [220, 330]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.value = 0.05;
    osc.connect(gain).connect(out);
    osc.start();
  }
  return out.stream;
}

/**
 * The demo line: a tiny PBX inside the page. The agent's softphone registers to it through an
 * in-memory transport; a second sip.js UA places calls from demo customers, with real WebRTC
 * audio between the two peer connections. Labelled as a demo in the UI.
 */
export class DemoPbx {
  readonly caller: UserAgent;
  private readonly toAgent = new MemorySipTransport();
  private readonly toCaller = new MemorySipTransport();

  constructor(private readonly agentAor: string, callerSdhFactory?: SessionDescriptionHandlerFactory) {
    this.caller = new UserAgent({
      uri: UserAgent.makeURI(DEMO_CALLER_AOR),
      transportConstructor: MemorySipTransport as never,
      sessionDescriptionHandlerFactory: callerSdhFactory ?? Web.defaultSessionDescriptionHandlerFactory(() => Promise.resolve(tone())),
      sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 500 },
      logBuiltinEnabled: false,
      // The agent dialled a demo customer: they pick up after two rings and talk for half a minute.
      delegate: {
        onInvite: (invitation) => {
          void invitation.progress();
          setTimeout(() => void invitation.accept().catch(() => undefined), 2_000);
          invitation.stateChange.addListener((state) => {
            if (state === 'Established') setTimeout(() => void invitation.bye().catch(() => undefined), 30_000);
          });
        },
      },
    });
    this.toAgent.onMessage = (message) => {
      if (isRegister(message)) void this.toAgent.send(registerOk(message));
      else void this.toCaller.send(routeNewCallTo(message, DEMO_CALLER_AOR));
    };
    this.toCaller.onMessage = (message) => void this.toAgent.send(message);
  }

  /** Wire the agent's softphone transport to this PBX; call before the softphone starts. */
  async connect(agentTransport: MemorySipTransport): Promise<void> {
    MemorySipTransport.pair(agentTransport, this.toAgent);
    MemorySipTransport.pair(this.caller.transport as MemorySipTransport, this.toCaller);
    await this.toAgent.connect();
    await this.toCaller.connect();
    await this.caller.start();
  }

  /** Place one call to the agent as a customer would, with the headers a carrier and the ACD add. */
  place(call: DemoCall): Inviter {
    const target = UserAgent.makeURI(this.agentAor);
    if (target === undefined) throw new Error(`bad agent address ${this.agentAor}`);
    const name = call.displayName === null ? '' : `"${call.displayName.replace(/["\\]/g, '')}" `;
    const identity = call.e164 === null ? '<sip:anonymous@anonymous.invalid>' : `<sip:${call.e164}@demo.invalid>`;
    const extraHeaders = [`P-Asserted-Identity: ${name}${identity}`, `X-Frontline-Queue: ${call.queue}`, `X-Frontline-Queue-Wait: ${call.waitedSeconds}`];
    if (call.e164 === null) extraHeaders.push('Privacy: id');
    if (call.routeId != null) extraHeaders.push(`${ROUTE_HEADER}: ${call.routeId}`);
    if (call.contactId != null) extraHeaders.push(`X-Frontline-Contact: ${call.contactId}`);
    const inviter = new Inviter(this.caller, target, { extraHeaders, sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    let hangup: ReturnType<typeof setTimeout> | null = null;
    inviter.stateChange.addListener((state) => {
      if (state === 'Established') hangup = setTimeout(() => void inviter.bye().catch(() => undefined), call.talkSeconds * 1000);
      if (state === 'Terminated' && hangup !== null) clearTimeout(hangup);
    });
    void inviter.invite();
    return inviter;
  }

  async stop(): Promise<void> {
    await this.caller.stop().catch(() => undefined);
  }
}
