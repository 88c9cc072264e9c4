import { useTranslation } from 'react-i18next';
import type { AgentRow } from '../../../../shared/contract/schemas/board';
import { STATE_LABEL } from '../../ui/state-labels';

/** Supervisors who do not take calls: signed in, listed apart from the agents and never counted as staff (issue 11). */
export function SupervisorsOnFloor({ rows }: { rows: readonly AgentRow[] }) {
  const { t } = useTranslation();
  const present = rows.filter((r) => r.state !== 'offline');
  if (present.length === 0) return null;
  return (
    <section className="board-panel supervisors-panel" aria-labelledby="supervisors-title">
      <h2 id="supervisors-title">{t('board.supervisors')}</h2>
      <ul className="supervisors-list">
        {present.map((r) => (
          <li key={r.agentId} data-extension={r.extension}>
            <span className="supervisor-name" translate="no">
              {r.name}
            </span> <span className="muted">{r.extension}</span> · {STATE_LABEL[r.state]}
          </li>
        ))}
      </ul>
    </section>
  );
}
