import { startTransition, useEffect, useState } from 'react';
import type { MetricsReport } from '../../../../shared/contract/schemas/metrics';
import { useApi } from '../../app/stores-context';
import { useSession } from '../session';
import { humanError } from '../../i18n';

const REFRESH_MS = 30_000;
/** The core's "your figures changed" come in bursts (a call's events, then its wrap-up): one read for a burst. */
const CHANGED_SETTLE_MS = 300;

/**
 * The agent's own figures for today: fetched again when a call is over (the agent's state changes),
 * when the core says they changed without a state change (a wrap-up submitted after the time box,
 * a repeat call to another agent failing this agent's FCR), and every 30 s — but never while a call
 * rings or is live: the pop has the main thread then (the state change after it reads them).
 */
export function useMyMetrics(): { report: MetricsReport | null; error: string | null } {
  const api = useApi();
  const since = useSession((s) => (s.status === null || s.status.state === 'ringing' || s.status.state === 'on-call' ? 'busy' : s.status.since));
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('metrics.figuresChanged', () => {
      clearTimeout(timer);
      timer = setTimeout(() => setChanges((n) => n + 1), CHANGED_SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api]);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<void> => {
      const r = await api.call('metrics.query', { scope: { kind: 'me' } });
      if (!live) return;
      // A transition: drawing the numbers and the chart yields to anything urgent, such as a pop.
      startTransition(() => {
        if (r.ok) {
          setReport(r.value);
          setError(null);
        } else setError(humanError(r.error));
      });
    };
    if (since === 'busy') return;
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, since, changes]);
  return { report, error };
}
