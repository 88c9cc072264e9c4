import { useId } from 'react';
import type { AgentState } from '../../../../shared/contract/schemas/agent';
import { STATE_LABEL } from '../board-model';
import type { AgentFilters } from './agent-table-model';

function Choice({ label, value, options, onChange }: { label: string; value: string; options: readonly { value: string; label: string }[]; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

const named = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

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
  const states = (Object.keys(STATE_LABEL) as AgentState[]).map((s) => ({ value: s, label: STATE_LABEL[s] }));
  return (
    <div className="board-filters" role="group" aria-label="Filter agents">
      <Choice label="Queue" value={filters.queue} options={[{ value: '', label: 'All queues' }, ...named(queues)]} onChange={(queue) => onChange({ ...filters, queue })} />
      <Choice label="Team" value={filters.team} options={[{ value: '', label: 'All teams' }, ...named(teams)]} onChange={(team) => onChange({ ...filters, team })} />
      <Choice
        label="State"
        value={filters.state}
        options={[{ value: '', label: 'Any state' }, ...states]}
        onChange={(state) => onChange({ ...filters, state: state as AgentState | '' })}
      />
      <label className="choice">
        <input type="checkbox" checked={filters.showOffline} onChange={(e) => onChange({ ...filters, showOffline: e.target.checked })} />
        Show offline
      </label>
      <span className="muted" role="status">
        {shown} of {total} agents
      </span>
    </div>
  );
}
