import { startTransition, useEffect, useRef, useState } from 'react';
import type { MetricsReport } from '../../../../shared/contract/schemas/metrics';
import { useApi } from '../../app/stores-context';
import { type SessionState, useSessionStore } from '../session';
import { useCallsNow } from '../softphone';
import { humanError } from '../../i18n';
import { refreshWhileFree } from './refresh-while-free';

const REFRESH_MS = 30_000;
/**
 * How long the agent stays free before the numbers are read after a call, or after the core said they
 * changed (ADR 0068): the next caller of a busy queue rings within milliseconds of the last one leaving,
 * and the figures change in bursts (a call's events, then its wrap-up): one read for a burst.
 */
export const FREE_SETTLE_MS = 1_000;

/** 'busy' while a call rings or is live (or before the status is known), else since when the agent is in this state. */
function freeSince(s: SessionState): number | 'busy' {
  return s.status === null || s.status.state === 'ringing' || s.status.state === 'on-call' ? 'busy' : s.status.since;
}

/**
 * The agent's own figures for today: read again once a call is over (the agent's state changes) or the
 * core says they changed without a state change (a wrap-up submitted after the time box, a repeat call
 * to another agent failing this agent's FCR) and the agent has then stayed free for a second, and every
 * 30 s — but never while a call rings or is live: the pop has the page's main thread then, and the
 * server's. The state is followed outside React, so a ring does not render these numbers either; an
 * answer that comes back after a call started is dropped (the next free second reads them again).
 */
export function useMyMetrics(): { report: MetricsReport | null; error: string | null } {
  const api = useApi();
  const session = useSessionStore();
  const callsNow = useCallsNow();
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetched = useRef(false);
  useEffect(() => {
    let current: number | 'busy' | undefined;
    let stop: (() => void) | null = null;
    let generation = 0;
    const load = async (mine: number): Promise<void> => {
      fetched.current = true;
      const r = await api.call('metrics.query', { scope: { kind: 'me' } });
      if (mine !== generation) return;
      // A transition: drawing the numbers and the chart yields to anything urgent, such as a pop.
      startTransition(() => {
        if (r.ok) {
          setReport(r.value);
          setError(null);
        } else setError(humanError(r.error));
      });
    };
    const schedule = (firstMs: number): void => {
      generation += 1;
      stop?.();
      stop = null;
      if (current === 'busy') return;
      const mine = generation;
      stop = refreshWhileFree(() => void load(mine), { firstMs, everyMs: REFRESH_MS, busyNow: () => callsNow() > 0 });
    };
    const follow = (s: SessionState): void => {
      const since = freeSince(s);
      if (since === current) return;
      current = since;
      schedule(fetched.current ? FREE_SETTLE_MS : 0);
    };
    follow(session.getState());
    const offSession = session.subscribe(follow);
    // While busy the state change after the call reads them; while free, a second after the last change.
    const offChanged = api.on('metrics.figuresChanged', () => {
      if (current !== 'busy') schedule(FREE_SETTLE_MS);
    });
    return () => {
      offSession();
      offChanged();
      generation += 1;
      stop?.();
    };
  }, [api, session, callsNow]);
  return { report, error };
}
