import { useTranslation } from 'react-i18next';
import { useId } from 'react';
import type { AgentState } from '../../../../shared/contract/schemas/agent';
import { STATE_LABEL } from '../board-model';
import type { AgentFilters } from './agent-table-model';

function Choice({ label, value, options, onChange }: { label: string; value: string; options: readonly { value: string; label: string; data?: boolean }[]; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value} translate={o.data === true ? 'no' : undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Queue and team names are the centre's data, shown as stored. */
const named = (values: readonly string[]) => values.map((v) => ({ value: v, label: v, data: true }));

/** Queue, team and state filters for the agent table; offline agents are hidden unless asked for. */
export function AgentFiltersBar({
  filters,
  onChange,
  teams,
  queues,
  shown,
  total,
}: {
  filters: AgentFilters;
  onChange: (next: AgentFilters) => void;
  teams: readonly string[];
  queues: readonly string[];
  shown: number;
  total: number;
}) {
  const { t } = useTranslation();
  const states = (Object.keys(STATE_LABEL) as AgentState[]).map((s) => ({ value: s, label: STATE_LABEL[s] }));
  return (
    <div className="board-filters" role="group" aria-label={t('board.filter.label')}>
      <Choice label={t('board.filter.queue')} value={filters.queue} options={[{ value: '', label: t('board.filter.allQueues') }, ...named(queues)]} onChange={(queue) => onChange({ ...filters, queue })} />
      <Choice label={t('board.filter.team')} value={filters.team} options={[{ value: '', label: t('board.filter.allTeams') }, ...named(teams)]} onChange={(team) => onChange({ ...filters, team })} />
      <Choice
        label={t('board.filter.state')}
        value={filters.state}
        options={[{ value: '', label: t('board.filter.anyState') }, ...states]}
        onChange={(state) => onChange({ ...filters, state: state as AgentState | '' })}
      />
      <label className="choice">
        <input type="checkbox" checked={filters.showOffline} onChange={(e) => onChange({ ...filters, showOffline: e.target.checked })} />
        {t('board.filter.showOffline')}
      </label>
      <span className="muted" role="status">
        {t('board.filter.shown', { shown, count: total })}
      </span>
    </div>
  );
}
