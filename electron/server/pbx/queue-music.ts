import { createNgClient, type NgClient } from './rtpengine-ng';

/**
 * Music for callers waiting in a queue (ADR 0028), through rtpengine's ng control protocol.
 *
 * Kamailio 5.6's rtpengine module cannot answer a caller's offer from a request (`rtpengine_answer`
 * refuses anything but an ACK or a reply), so the PBX adapter does it, in an rtpengine call of its own
 * (`frontline-queue:<Call-ID>`, apart from the one Kamailio builds towards the agent): an `offer` with
 * the caller's SDP, an `answer` from a silent queue party (its media goes to the discard port) — whose
 * SDP is the answer Kamailio sends in `182 Queued` — then `play media` towards the caller. The 182 and
 * the agent's 200 OK carry different to-tags (two early dialogs, as after a fork), so each brings its
 * own media: when an agent is rung the music stops, and the agent's answer opens the agent's media.
 */
export interface QueueMusicOptions {
  /** rtpengine's ng control address (`--listen-ng`). */
  host: string;
  port: number;
  /** The file rtpengine plays, on rtpengine's machine (WAV/MP3/anything its ffmpeg reads). */
  file: string;
  timeoutMs?: number;
}

export interface QueuedLeg {
  callId: string;
  fromTag: string;
}

export interface QueueMusic {
  /** The SDP answer for the caller's 182 (rtpengine's side of the caller's media), or throws. */
  answer(leg: QueuedLeg, callerSdp: string): Promise<string>;
  play(leg: QueuedLeg): Promise<void>;
  stop(leg: QueuedLeg): Promise<void>;
  /** Frees the music's rtpengine call (the caller was answered, left or released). */
  end(leg: QueuedLeg): Promise<void>;
  close(): void;
}

/** The silent queue party's tag in the caller's rtpengine call. */
export const QUEUE_TAG = 'frontline-queue';
/** Plays for at most this many repetitions of the file (a queue's max wait ends it long before). */
const REPEAT_TIMES = 10_000;

/** What the silent party offers back: PCMA/PCMU and telephone-event, media sent to the discard port. */
const SILENT_PARTY_SDP = [
  'v=0',
  'o=frontline 1 1 IN IP4 127.0.0.1',
  's=queue',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

export function createQueueMusic(options: QueueMusicOptions): QueueMusic {
  const ng: NgClient = createNgClient({ host: options.host, port: options.port, timeoutMs: options.timeoutMs ?? 1_000 });
  const ids = (leg: QueuedLeg) => ({ 'call-id': `frontline-queue:${leg.callId}`, 'from-tag': leg.fromTag });
  return {
    async answer(leg, callerSdp) {
      await ng.command('offer', { ...ids(leg), sdp: callerSdp, ICE: 'remove', replace: ['origin', 'session-connection'] });
      const reply = await ng.command('answer', { ...ids(leg), 'to-tag': QUEUE_TAG, sdp: SILENT_PARTY_SDP, ICE: 'remove', replace: ['origin', 'session-connection'] });
      if (typeof reply.sdp !== 'string' || !reply.sdp.startsWith('v=0')) throw new Error('rtpengine: the answer carried no SDP');
      return reply.sdp;
    },
    async play(leg) {
      await ng.command('play media', { ...ids(leg), file: options.file, 'repeat-times': REPEAT_TIMES });
    },
    async stop(leg) {
      await ng.command('stop media', ids(leg));
    },
    async end(leg) {
      await ng.command('delete', { 'call-id': ids(leg)['call-id'] });
    },
    close: () => ng.close(),
  };
}
