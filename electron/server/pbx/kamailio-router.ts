import { connect, type Socket } from 'node:net';
import { newCallContext, type Core } from '../../core';
import { CALL_END_REPORTS, type RouteDecision } from '../../../shared/domain/routing/route-protocol';
import { decisionMessage, parseKamailioMessage, refreshMessage, type KamailioAsk, type KamailioReport } from './evapi-messages';
import { createNetstringReader, netstring } from './netstring';
import { createQueueMusic, type QueueMusic, type QueueMusicOptions } from './queue-music';

export interface KamailioRouterOptions {
  core: Core;
  /** Kamailio's evapi server (`modparam("evapi", "bind_addr", …)`). */
  host: string;
  port: number;
  /** The PBX credential (pbx.createCredential / FRONTLINE_PBX_TOKEN). */
  token: string;
  /** Delay before connecting again after the connection to Kamailio is lost. */
  reconnectMs?: number;
  /** Another 182 Queued to each waiting caller this often (RFC 3261: at least once a minute). */
  refreshMs?: number;
  /** Music for waiting callers through rtpengine's ng control (ADR 0028); without it a waiting caller hears silence. */
  music?: QueueMusicOptions;
  now?: () => number;
  /**
   * Where an ask's time goes inside Frontline (the routing-pbx benchmark's hop table): called with the
   * call's id and the moment (performance.now()) its ask was read, its decision came back from the
   * core, and that decision was written to Kamailio. Not called when absent.
   */
  onHop?: (callId: string, hop: 'read' | 'decided' | 'written', at: number) => void;
  /** Answer every chunk from Kamailio with an acknowledging byte (default; see ACK). False only to measure what that saves. */
  acknowledgeChunks?: boolean;
}

export interface KamailioRouter {
  /** Connected to Kamailio's evapi right now. */
  connected(): boolean;
  /** Calls held by Kamailio for which a decision may still be pushed. */
  held(): number;
  stop(): Promise<void>;
}

/**
 * Written back at once for every chunk Kamailio sends. Kamailio 5.6's evapi never sets TCP_NODELAY on
 * its client sockets, so Nagle holds each ask Kamailio writes while an earlier write is unacknowledged;
 * and this end, answering asks, is in delayed-ACK mode: a report (which gets no answer) stayed unacknowledged
 * until the delayed-ACK timer (~40 ms on Linux), and the next caller's ask waited behind it. Any byte we
 * send carries the acknowledgement. evapi skips whitespace between netstrings and runs no route for it.
 */
const ACK = Buffer.from('\n');

/** Longer than any INVITE the reference config holds (its LAB_MAX_LIFETIME_MS, 300 s). */
const HELD_CALL_LIFETIME_MS = 10 * 60_000;

interface HeldCall {
  tindex: number;
  tlabel: number;
  cseq: string | null;
  askedAt: number;
  refresh: NodeJS.Timeout | null;
  fromTag: string | null;
  sdp: string | null;
  /** The 182's SDP once queue music was set up for this caller (its rtpengine call exists), else null. */
  musicSdp: string | null;
  /** Queue music is playing to this caller (stopped before anyone is rung). */
  playing: boolean;
  /** Decisions for one call reach Kamailio in the order they were taken. */
  chain: Promise<void>;
}

/**
 * The PBX adapter in the server host (ADR 0029): signs in as the PBX machine principal, connects to
 * Kamailio's evapi server as a client, turns Kamailio's asks and reports into `routing.ask` /
 * `routing.report`, and continues held transactions with the decisions (asked or pushed later).
 * A refused credential is an error: the router does not connect, so Kamailio routes statically.
 */
export async function startKamailioRouter(options: KamailioRouterOptions): Promise<KamailioRouter> {
  const { core, host, port, token } = options;
  const now = options.now ?? Date.now;
  const reconnectMs = options.reconnectMs ?? 1_000;
  const refreshMs = options.refreshMs ?? 50_000;
  const log = core.logger.child({ component: 'kamailio-router', evapi: `${host}:${port}` });
  const ctx = newCallContext(host);
  const signIn = await core.dispatch('pbx.signIn', { token }, ctx);
  if (!signIn.ok) throw new Error(`the PBX credential was refused (${signIn.error.code}: ${signIn.error.message}); Kamailio keeps routing statically`);

  const calls = new Map<string, HeldCall>();
  const music: QueueMusic | null = options.music === undefined ? null : createQueueMusic(options.music);
  let socket: Socket | null = null;
  let live = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const onHop = options.onHop;
  const acknowledge = options.acknowledgeChunks !== false;
  const send = (payload: string): boolean => {
    if (socket === null || !live) {
      log.warn('a decision could not be sent: not connected to Kamailio (its timeout routes the call statically)');
      return false;
    }
    socket.write(netstring(payload));
    return true;
  };

  /** The call is no longer held by Kamailio: its refresh timer and its queue music's rtpengine call go. */
  const forget = (callId: string): Promise<void> => {
    const call = calls.get(callId);
    if (call?.refresh) clearInterval(call.refresh);
    calls.delete(callId);
    if (call === undefined || call.musicSdp === null || music === null) return Promise.resolve();
    call.musicSdp = null;
    return music.end({ callId, fromTag: call.fromTag ?? '' }).catch((error: unknown) => log.warn({ err: error, callId }, 'queue music could not be ended'));
  };

  const leg = (callId: string, call: HeldCall) => ({ callId, fromTag: call.fromTag ?? '' });
  const musicFailed = (callId: string, what: string) => (error: unknown) => log.warn({ err: error, callId }, `queue music could not ${what}`);

  /** The caller waits: queue music plays (set up the first time: its SDP goes in the 182). Returns that SDP the first time, else null. */
  async function playMusic(callId: string, call: HeldCall): Promise<string | null> {
    if (music === null || call.playing || call.fromTag === null || call.sdp === null) return null;
    let first: string | null = null;
    if (call.musicSdp === null) {
      try {
        first = call.musicSdp = await music.answer(leg(callId, call), call.sdp);
      } catch (error) {
        musicFailed(callId, 'start: the caller waits in silence')(error);
        return null;
      }
    }
    return first;
  }

  async function deliver(callId: string, call: HeldCall, decision: RouteDecision): Promise<void> {
    const waited = (now() - call.askedAt) / 1000;
    if (decision.kind === 'wait') {
      if (call.refresh === null && call.cseq !== null) {
        const cseq = call.cseq;
        call.refresh = setInterval(() => send(refreshMessage(callId, cseq)), refreshMs);
        call.refresh.unref();
      }
      const sdp = await playMusic(callId, call);
      send(decisionMessage(call, decision, waited, sdp));
      if (music !== null && call.musicSdp !== null && !call.playing) {
        call.playing = true;
        await music.play(leg(callId, call)).catch(musicFailed(callId, 'be played'));
      }
      return;
    }
    if (call.refresh !== null) {
      clearInterval(call.refresh);
      call.refresh = null;
    }
    // The music stops before an agent (or the release target) is rung; the agent's answer brings their media.
    if (music !== null && call.playing) {
      call.playing = false;
      await music.stop(leg(callId, call)).catch(musicFailed(callId, 'be stopped'));
    }
    if (decision.kind === 'release' || decision.kind === 'reject') void forget(callId);
    if (send(decisionMessage(call, decision, waited))) onHop?.(callId, 'written', performance.now());
  }

  const continueWith = (callId: string, call: HeldCall, decision: RouteDecision): Promise<void> => {
    const next = call.chain.then(() => deliver(callId, call, decision));
    call.chain = next.catch((error: unknown) => log.error({ err: error, callId }, 'a decision could not be delivered to Kamailio'));
    return call.chain;
  };

  async function onAsk(ask: KamailioAsk): Promise<void> {
    const callId = ask.request.callId;
    const known = calls.get(callId);
    const call: HeldCall = known ?? { tindex: ask.tindex, tlabel: ask.tlabel, cseq: ask.cseq, askedAt: now(), refresh: null, fromTag: ask.fromTag, sdp: ask.sdp, musicSdp: null, playing: false, chain: Promise.resolve() };
    call.tindex = ask.tindex;
    call.tlabel = ask.tlabel;
    call.cseq = ask.cseq;
    calls.set(callId, call);
    onHop?.(callId, 'read', performance.now());
    const result = await core.dispatch('routing.ask', ask.request, ctx);
    onHop?.(callId, 'decided', performance.now());
    if (result.ok) {
      await continueWith(callId, call, result.value as RouteDecision);
      return;
    }
    log.warn({ callId, code: result.error.code, message: result.error.message }, 'routing.ask refused: the caller is rejected');
    const status = result.error.code === 'INVALID_INPUT' ? 400 : 503;
    await continueWith(callId, call, { kind: 'reject', decisionId: 'refused', status, reason: status === 400 ? 'Bad Request' : 'Service Unavailable' });
  }

  async function onReport(report: KamailioReport): Promise<void> {
    if ((CALL_END_REPORTS as readonly string[]).includes(report.what)) void forget(report.callId);
    const result = await core.dispatch('routing.report', report, ctx);
    if (!result.ok) log.warn({ callId: report.callId, code: result.error.code, message: result.error.message }, 'routing.report refused');
  }

  const unsubscribe = core.subscribe(ctx, (event, payload) => {
    if (event !== 'routing.decided') return;
    const { callId, decision } = payload as { callId: string; decision: RouteDecision };
    const call = calls.get(callId);
    if (call === undefined) {
      log.info({ callId, kind: decision.kind }, 'a pushed decision for a call Kamailio no longer holds');
      return;
    }
    void continueWith(callId, call, decision);
  });

  const onMessage = (payload: string): void => {
    let message;
    try {
      message = parseKamailioMessage(payload);
    } catch (error) {
      log.warn({ err: error, payload: payload.slice(0, 200) }, 'an unreadable evapi message from Kamailio was ignored');
      return;
    }
    const work = message.event === 'ask' ? onAsk(message.ask) : onReport(message.report);
    work.catch((error: unknown) => log.error({ err: error }, 'routing a Kamailio message failed'));
  };

  const open = (): void => {
    const s = connect({ host, port, noDelay: true });
    socket = s;
    const read = createNetstringReader(onMessage);
    s.on('connect', () => {
      live = true;
      log.info('connected to Kamailio: routing calls');
    });
    s.on('data', (chunk: Buffer) => {
      if (acknowledge) s.write(ACK);
      try {
        read(chunk);
      } catch (error) {
        log.error({ err: error }, 'the evapi stream from Kamailio is corrupt: reconnecting');
        s.destroy();
      }
    });
    s.on('error', (error) => log.warn({ err: error }, 'evapi connection error'));
    s.on('close', () => {
      if (live) log.warn('lost the connection to Kamailio: its calls take the static route until we are back');
      live = false;
      if (socket === s) socket = null;
      if (!stopped) {
        retry = setTimeout(open, reconnectMs);
        retry.unref();
      }
    });
  };
  open();
  // Calls Kamailio routed statically after a timeout are never reported: forget them after tm's longest INVITE lifetime.
  const sweep = setInterval(() => {
    for (const [callId, call] of calls) if (now() - call.askedAt > HELD_CALL_LIFETIME_MS) void forget(callId);
  }, 60_000);
  sweep.unref();

  return {
    connected: () => live,
    held: () => calls.size,
    async stop() {
      stopped = true;
      clearInterval(sweep);
      if (retry !== null) clearTimeout(retry);
      unsubscribe();
      await Promise.all([...calls.keys()].map(forget));
      music?.close();
      const s = socket;
      if (s !== null) await new Promise<void>((resolve) => (s.once('close', () => resolve()), s.destroy()));
      core.connectionClosed(ctx);
    },
  };
}
