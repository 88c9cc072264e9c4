import { Trans } from 'react-i18next';
import type { AlertMessage, BoardAlert } from '../../../../shared/contract/schemas/board';
import { i18nNow } from '../../i18n';
import { formatCount, formatPercent } from '../../ui/format';
import { STATE_LABEL } from '../../ui/state-labels';

/**
 * An alert in the desk's language. The core sends a code and its figures (`alert.message`); the
 * words, numbers and plurals are the catalogue's and Intl's here. Names of agents and queues are
 * data, marked `translate="no"`. An alert logged before the core sent codes falls back to its
 * English `text`.
 */
type AlertKey = `alerts.message.${'inState' | 'longestWait' | 'serviceLevel' | 'abandon' | 'staffing'}`;

export function alertWords(m: AlertMessage): { key: AlertKey; values: Record<string, string | number> } {
  const t = i18nNow().t;
  const duration = (seconds: number) => (seconds >= 60 ? t('alerts.message.minutes', { count: Math.floor(seconds / 60) }) : t('alerts.message.seconds', { count: seconds }));
  const percent = (value: number | null) => (value === null ? '—' : formatPercent(value));
  switch (m.code) {
    case 'agent.inState':
      return { key: 'alerts.message.inState', values: { name: m.name, state: STATE_LABEL[m.state as keyof typeof STATE_LABEL] ?? m.state, duration: duration(m.seconds) } };
    case 'queue.longestWait':
      return { key: 'alerts.message.longestWait', values: { queue: m.queue, duration: duration(m.seconds) } };
    case 'queue.serviceLevel':
      return { key: 'alerts.message.serviceLevel', values: { queue: m.queue, value: percent(m.value), target: percent(m.target) } };
    case 'queue.abandon':
      return { key: 'alerts.message.abandon', values: { queue: m.queue, value: percent(m.value), target: percent(m.target) } };
    case 'centre.staffing':
      return { key: 'alerts.message.staffing', values: { count: m.needed, needed: formatCount(m.needed), available: formatCount(m.available) } };
  }
}

/** The alert as one plain sentence (an aria-label, a tooltip). */
export function alertPlainText(alert: Pick<BoardAlert, 'message' | 'text'>): string {
  if (alert.message === undefined) return alert.text;
  const { key, values } = alertWords(alert.message);
  // Typed catalogue keys want each key's own variables; these are checked by the catalogue test instead.
  const t = i18nNow().t as unknown as (key: string, values: Record<string, string | number>) => string;
  return t(key, values).replace(/<\/?(name|queue)>/g, '');
}

/** The alert as shown: the catalogue's words, the agent's or queue's name left as it is. */
export function AlertText({ alert }: { alert: Pick<BoardAlert, 'message' | 'text'> }) {
  if (alert.message === undefined) return <span translate="no">{alert.text}</span>;
  const { key, values } = alertWords(alert.message);
  return <Trans i18nKey={key} values={values} components={{ name: <span translate="no" />, queue: <span translate="no" /> }} />;
}
