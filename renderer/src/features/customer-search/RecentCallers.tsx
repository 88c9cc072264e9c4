import { useTranslation } from 'react-i18next';
import { formatE164 } from '../../../../shared/domain/phone';
import { formatTime } from '../../ui/format';
import { useCustomers } from './use-customers';

/** The last few callers, newest first: one click puts a caller's record back on screen. */
export function RecentCallers() {
  const { t } = useTranslation();
  const recent = useCustomers((s) => s.recent);
  const select = useCustomers((s) => s.select);
  const selectedId = useCustomers((s) => s.selected?.id ?? null);
  if (recent.length === 0) return null;
  return (
    <section className="recent-callers" aria-labelledby="recent-callers-title">
      <h2 id="recent-callers-title">{t('desk.recentCallers')}</h2>
      <ul className="results">
        {recent.map((c) => (
          <li key={c.id}>
            <button type="button" aria-current={c.id === selectedId} onClick={() => void select(c.id)}>
              <span className="result-name" translate="no">
                {c.displayName}
              </span>
              <span className="muted">
                {formatTime(c.at)} · {c.primaryPhone === null ? t('common.noNumber') : formatE164(c.primaryPhone)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
