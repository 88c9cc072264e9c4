import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState } from 'react';
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

/** A row's height before it is measured (one line, or two with a call), in CSS pixels. */
const ROW_ESTIMATE_PX = 42;
/** Rows drawn beyond the visible ones on each side, so a quick scroll never shows a gap. */
const OVERSCAN = 8;

/**
 * Every agent on the floor: sortable by any column header, filtered by queue, team and state.
 * Only the rows in view (and a few either side) are in the page: a 500-agent floor keeps a few
 * dozen rows' worth of DOM, and a delta re-renders only what is visible (ADR 0044).
 */
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
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: OVERSCAN,
    getItemKey: (index) => rows[index]?.agentId ?? index,
  });
  const shown = virtual.getVirtualItems();
  const above = shown[0]?.start ?? 0;
  const below = virtual.getTotalSize() - (shown.at(-1)?.end ?? 0);

  function sortBy(key: SortKey): void {
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'handled' || key === 'fcr' }));
  }

  return (
    <section className="board-panel agents-panel" aria-labelledby="agents-title">
      <header className="panel-head">
        <h2 id="agents-title">{t('board.agents')}</h2>
        <AgentFiltersBar filters={filters} onChange={setFilters} teams={teams} queues={queues} shown={rows.length} total={agents.length} />
      </header>
      <div className="table-scroll" ref={scroller}>
        <table className="board-table agent-table" data-testid="agent-table" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
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
            {above > 0 && <SpacerRow height={above} />}
            {shown.map((item) => (
              <AgentTableRow
                key={item.key}
                index={item.index}
                measure={virtual.measureElement}
                row={rows[item.index] as AgentRow}
                thresholds={thresholds}
                onChangeState={onChangeState}
              />
            ))}
            {below > 0 && <SpacerRow height={below} />}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty-row muted">{t('board.noAgentsMatch')}</p>}
      </div>
    </section>
  );
});

/** Stands in for the rows out of view, so the scroll bar and position are as if they were there. */
function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="spacer-row">
      <td colSpan={COLUMNS.length} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}
