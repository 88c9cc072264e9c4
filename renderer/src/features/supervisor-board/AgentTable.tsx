import { useTranslation } from 'react-i18next';
import { memo, useMemo, useState } from 'react';
import type { AgentRow, BoardState, QueueTile } from '../../../../shared/contract/schemas/board';
import { AgentFiltersBar } from './AgentFiltersBar';
import { AgentTableRow } from './AgentTableRow';
import { filterAgents, filterChoices, NO_FILTERS, sortAgents, type AgentFilters, type AgentSort, type SortKey } from './agent-table-model';

/** The columns: sort key (none for Call and Actions), catalogue key (board.column.*), numeric or not. */
const COLUMNS: { key: SortKey | null; label: 'agent' | 'team' | 'state' | 'since' | 'call' | 'aht' | 'frt' | 'fcr' | 'handled' | 'actions'; numeric?: boolean }[] = [
  { key: 'name', label: 'agent' },
  { key: 'team', label: 'team' },
  { key: 'state', label: 'state' },
  { key: 'since', label: 'since', numeric: true },
  { key: null, label: 'call' },
  { key: 'aht', label: 'aht', numeric: true },
  { key: 'frt', label: 'frt', numeric: true },
  { key: 'fcr', label: 'fcr', numeric: true },
  { key: 'handled', label: 'handled', numeric: true },
  { key: null, label: 'actions' },
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
  const { t } = useTranslation();
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
        <h2 id="agents-title">{t('board.agents')}</h2>
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
                      t(`board.column.${c.label}`)
                    ) : (
                      <button type="button" className="sort-button" onClick={() => sortBy(c.key as SortKey)}>
                        {t(`board.column.${c.label}`)}
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
        {rows.length === 0 && <p className="empty-row muted">{t('board.noAgentsMatch')}</p>}
      </div>
    </section>
  );
});
