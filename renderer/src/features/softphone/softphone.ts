import type { CallState } from '../../../../shared/domain/call/call-state';
import type { CallerIdentity } from '../../../../shared/domain/call/caller-identity';

export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

export interface CallView {
  /** Ours, one per dialog (a UUID): the call's key everywhere, never the SIP Call-ID. */
  id: string;
  /** The SIP Call-ID, bounded (a caller controls its length). */
  sipCallId: string;
  direction: 'inbound' | 'outbound';
  identity: CallerIdentity;
  /** Queue name and time already waited, when the PBX sends them (X-Queue, X-Queue-Wait). */
  queue: string | null;
  waitedMs: number | null;
  /** The PBX's id for the caller's contact (X-Frontline-Contact), shared by its legs; null when it sends none. */
  contactId: string | null;
  /** The routing decision this INVITE carries (X-Frontline-Route, trusted PBX only): its pop was pushed before the ring. */
  routeId: string | null;
  state: CallState;
  /** performance.now() when the INVITE reached the page: the start of the pop budget. */
  receivedAt: number;
  /** What the phone did on its own about this call (refused it, refused a REFER), in words for the agent. */
  notice: string | null;
}

export type SoftphoneEvent =
  | { type: 'registration'; state: RegistrationState; detail?: string }
  | { type: 'call'; call: CallView };

/**
 * Our own phone interface. sip.js stays behind it (no release since 0.21.2); the UI, the
 * stores and the tests only ever see this.
 */
export interface Softphone {
  start(): Promise<void>;
  stop(): Promise<void>;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  /** Resolves when the far end confirmed (200 OK); on failure the call is back to active. */
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  /** RFC 2833 through the media path, or SIP INFO when asked. */
  sendDtmf(callId: string, digits: string, via?: 'rfc2833' | 'info'): Promise<void>;
  blindTransfer(callId: string, target: string): Promise<void>;
  /**
   * Attended transfer: after a consultation call, hand the original caller over to the consulted
   * party (REFER with Replaces, RFC 5589). Resolves when the caller accepted the transfer.
   */
  attendedTransfer(callId: string, consultCallId: string): Promise<void>;
  /** Click-to-dial: a number (any format, read with the default region) or a SIP URI. Resolves with the call id. */
  dial(target: string): Promise<string>;
  subscribe(listener: (event: SoftphoneEvent) => void): () => void;
  /** Inbound audio of a call so far (null before media flows or without WebRTC). */
  audioStats(callId: string): Promise<AudioStats | null>;
}

export interface AudioStats {
  packetsReceived: number;
  packetsLost: number;
  jitterMs: number;
}
