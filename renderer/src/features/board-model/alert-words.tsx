import { Trans } from 'react-i18next';
import type { AlertMessage, BoardAlert } from '../../../../shared/contract/schemas/board';
import { i18nNow } from '../../i18n';
import { formatCount, formatPercent } from '../../ui/format';
import { STATE_LABEL } from '../../ui/state-labels';
import { useClock } from './use-clock';

/**
 * An alert in the desk's language. The core sends a code and its figures (`alert.message`); the
 * words, numbers and plurals are the catalogue's and Intl's here. Names of agents and queues are
 * data, marked `translate="no"`. An alert logged before the core sent codes falls back to its
 * English `text`.
 */
type AlertKey = `alerts.message.${'inState' | 'longestWait' | 'serviceLevel' | 'abandon' | 'staffing'}`;

/**
 * `now`: the desk's clock. A time in a state or a wait that carries `since` is worded as it stands now
 * (the core logs it once, when raised: ADR 0066), never less than the figure it was logged with.
 */
export function alertWords(m: AlertMessage, now: number = Date.now()): { key: AlertKey; values: Record<string, string | number> } {
  const t = i18nNow().t;
  const ticking = (seconds: number, since: number | undefined) => (since === undefined ? seconds : Math.max(seconds, Math.floor((now - since) / 1000)));
  const duration = (seconds: number) => (seconds >= 60 ? t('alerts.message.minutes', { count: Math.floor(seconds / 60) }) : t('alerts.message.seconds', { count: seconds }));
  const percent = (value: number | null) => (value === null ? '—' : formatPercent(value));
  switch (m.code) {
    case 'agent.inState':
      return { key: 'alerts.message.inState', values: { name: m.name, state: STATE_LABEL[m.state as keyof typeof STATE_LABEL] ?? m.state, duration: duration(ticking(m.seconds, m.since)) } };
    case 'queue.longestWait':
      return { key: 'alerts.message.longestWait', values: { queue: m.queue, duration: duration(ticking(m.seconds, m.since)) } };
    case 'queue.serviceLevel':
      return { key: 'alerts.message.serviceLevel', values: { queue: m.queue, value: percent(m.value), target: percent(m.target) } };
    case 'queue.abandon':
      return { key: 'alerts.message.abandon', values: { queue: m.queue, value: percent(m.value), target: percent(m.target) } };
    case 'centre.staffing':
      return { key: 'alerts.message.staffing', values: { count: m.needed, needed: formatCount(m.needed), available: formatCount(m.available) } };
  }
}

/** The alert as one plain sentence (an aria-label, a tooltip). */
export function alertPlainText(alert: Pick<BoardAlert, 'message' | 'text'>, now: number = Date.now()): string {
  if (alert.message === undefined) return alert.text;
  const { key, values } = alertWords(alert.message, now);
  // Typed catalogue keys want each key's own variables; these are checked by the catalogue test instead.
  const t = i18nNow().t as unknown as (key: string, values: Record<string, string | number>) => string;
  return t(key, values).replace(/<\/?(name|queue)>/g, '');
}

/** The alert as shown: the catalogue's words, the agent's or queue's name left as it is. */
export function AlertText({ alert }: { alert: Pick<BoardAlert, 'message' | 'text'> }) {
  // The board's shared one-second clock: a growing duration ticks here, not in the log.
  const now = useClock();
  if (alert.message === undefined) return <span translate="no">{alert.text}</span>;
  const { key, values } = alertWords(alert.message, now);
  return <Trans i18nKey={key} values={values} components={{ name: <span translate="no" />, queue: <span translate="no" /> }} />;
}
