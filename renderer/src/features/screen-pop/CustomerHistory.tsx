import type { OpenItem, RecentContact } from '../../../../shared/contract/schemas/crm';
import { formatDate } from '../../ui/format';

/** Open items first (what the agent must not forget), then the last contacts and how they ended. */
export function CustomerHistory({ openItems, contacts }: { openItems: readonly OpenItem[]; contacts: readonly RecentContact[] }) {
  return (
    <section aria-label="Open items and last contacts" className="history">
      <h3>Open items</h3>
      {openItems.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="open-items">
          {openItems.map((item, i) => (
            <li key={`${item.kind}-${i}`} className={`open-item open-${item.kind}`}>
              {item.text}
              {item.at !== null && ` · ${formatDate(item.at)}`}
            </li>
          ))}
        </ul>
      )}
      <h3>Last contacts</h3>
      {contacts.length === 0 ? (
        <p className="muted">First contact with this centre.</p>
      ) : (
        <ul className="contacts">
          {contacts.map((c) => (
            <li key={c.callId}>
              {formatDate(c.at)} · {c.queue ?? 'no queue'} · {c.agent ?? 'no agent'} · {c.disposition ?? 'no outcome logged'}
              {c.resolved === true && ' · resolved'}
              {c.resolved === false && ' · unresolved'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
