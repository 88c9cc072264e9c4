import { memo, useMemo, useState } from 'react';
import type { AgentRow, BoardState, QueueTile } from '../../../../shared/contract/schemas/board';
import { AgentFiltersBar } from './AgentFiltersBar';
import { AgentTableRow } from './AgentTableRow';
import { filterAgents, filterChoices, NO_FILTERS, sortAgents, type AgentFilters, type AgentSort, type SortKey } from './agent-table-model';

const COLUMNS: { key: SortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Agent' },
  { key: 'team', label: 'Team' },
  { key: 'state', label: 'State' },
  { key: 'since', label: 'In state', numeric: true },
  { key: null, label: 'Call' },
  { key: 'aht', label: 'AHT', numeric: true },
  { key: 'frt', label: 'FRT', numeric: true },
  { key: 'fcr', label: 'FCR', numeric: true },
  { key: 'handled', label: 'Handled', numeric: true },
  { key: null, label: 'Actions' },
];

/** Every agent on the floor: sortable by any column header, filtered by queue, team and state. */
export const AgentTable = memo(function AgentTable({
  agents,
  queues: queueTiles,
  thresholds,
  onChangeState,
}: {
  agents: readonly AgentRow[];
  queues: readonly QueueTile[];
  thresholds: BoardState['thresholds'];
  onChangeState: (row: AgentRow) => void;
}) {
  const [filters, setFilters] = useState<AgentFilters>(NO_FILTERS);
  const [sort, setSort] = useState<AgentSort>({ key: 'name', descending: false });
  const rows = useMemo(() => sortAgents(filterAgents(agents, filters), sort), [agents, filters, sort]);
  const queueNames = useMemo(() => queueTiles.map((q) => q.name), [queueTiles]);
  const { teams, queues } = useMemo(() => filterChoices(agents, queueNames), [agents, queueNames]);

  function sortBy(key: SortKey): void {
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'handled' || key === 'fcr' }));
  }

  return (
    <section className="board-panel agents-panel" aria-labelledby="agents-title">
      <header className="panel-head">
        <h2 id="agents-title">Agents</h2>
        <AgentFiltersBar filters={filters} onChange={setFilters} teams={teams} queues={queues} shown={rows.length} total={agents.length} />
      </header>
      <div className="table-scroll">
        <table className="board-table agent-table" data-testid="agent-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const sorted = c.key !== null && sort.key === c.key;
                return (
                  <th
                    key={c.label}
                    scope="col"
                    className={c.numeric === true ? 'num' : undefined}
                    aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}
                  >
                    {c.key === null ? (
                      c.label
                    ) : (
                      <button type="button" className="sort-button" onClick={() => sortBy(c.key as SortKey)}>
                        {c.label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? (sort.descending ? '▼' : '▲') : ''}
                        </span>
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <AgentTableRow key={row.agentId} row={row} thresholds={thresholds} onChangeState={onChangeState} />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty-row muted">No agents match these filters.</p>}
      </div>
    </section>
  );
});
