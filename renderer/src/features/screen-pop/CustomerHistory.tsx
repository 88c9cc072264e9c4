import { useTranslation } from 'react-i18next';
import type { OpenItem, RecentContact } from '../../../../shared/contract/schemas/crm';
import { formatDate } from '../../ui/format';

/** Open items first (what the agent must not forget), then the last contacts and how they ended. */
export function CustomerHistory({ openItems, contacts }: { openItems: readonly OpenItem[]; contacts: readonly RecentContact[] }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('history.label')} className="history">
      <h3>{t('history.openItems')}</h3>
      {openItems.length === 0 ? (
        <p className="muted">{t('history.none')}</p>
      ) : (
        <ul className="open-items">
          {openItems.map((item, i) => (
            <li key={`${item.kind}-${i}`} className={`open-item open-${item.kind}`}>
              <span translate="no">{item.text}</span>
              {item.at !== null && ` · ${formatDate(item.at)}`}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('history.lastContacts')}</h3>
      {contacts.length === 0 ? (
        <p className="muted">{t('history.firstContact')}</p>
      ) : (
        <ul className="contacts">
          {contacts.map((c) => (
            <li key={c.callId}>
              {formatDate(c.at)} · {c.queue === null ? t('history.noQueue') : <span translate="no">{c.queue}</span>} ·{' '}
              {c.agent === null ? t('history.noAgent') : <span translate="no">{c.agent}</span>} ·{' '}
              {c.disposition === null ? t('history.noOutcome') : <span translate="no">{c.disposition}</span>}
              {c.resolved === true && ` · ${t('history.resolved')}`}
              {c.resolved === false && ` · ${t('history.unresolved')}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
