/**
 * RFC 3261 §17.1 client transaction timers over UDP, for the routing-pbx benchmark's carrier: a request whose
 * datagram may be dropped (a PBX's socket buffer full at overload) is sent again until the other end answers,
 * so a drop shows as a late answer instead of "no final at all", as it would with a real carrier.
 * - INVITE (Timer A / B): again after T1, then at doubling intervals (T1, 2·T1, 4·T1, …), until any response
 *   (provisional or final) arrives or 64·T1 have passed.
 * - Non-INVITE, e.g. CANCEL (Timer E / F): the same, but the interval stops doubling at T2.
 */
export const T1_MS = 500;
export const T2_MS = 4_000;

export interface RetransmitOptions {
  /** The first interval (T1). */
  t1Ms?: number;
  /** The interval stops doubling here (T2 for non-INVITE requests); none for an INVITE. */
  capMs?: number;
  /** Give up after this long from the first send (Timer B / F: 64·T1). */
  giveUpMs?: number;
}

export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Retransmission {
  /** A response arrived (or the call ended): no more copies. */
  stop(): void;
  /** Copies sent after the first. */
  readonly sent: number;
}

/** Call right after the request's first send: `resend` is called at each timer until `stop()` or the give-up time. */
export function retransmitUntilAnswered(resend: () => void, options: RetransmitOptions = {}, timers: Timers = nodeTimers): Retransmission {
  const t1 = options.t1Ms ?? T1_MS;
  const giveUp = options.giveUpMs ?? 64 * t1;
  let interval = t1;
  let elapsed = 0;
  let handle: unknown = null;
  let stopped = false;
  const state = {
    sent: 0,
    stop(): void {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
  const arm = (): void => {
    if (stopped || elapsed + interval > giveUp) return;
    handle = timers.setTimeout(() => {
      handle = null;
      if (stopped) return;
      elapsed += interval;
      state.sent++;
      resend();
      interval = options.capMs === undefined ? interval * 2 : Math.min(interval * 2, options.capMs);
      arm();
    }, interval);
  };
  arm();
  return state;
}
