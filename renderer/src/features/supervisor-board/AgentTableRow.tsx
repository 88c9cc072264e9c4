import { useTranslation } from 'react-i18next';
import { memo } from 'react';
import type { AgentRow, BoardState } from '../../../../shared/contract/schemas/board';
import { PHASE_LABEL, STATE_LABEL } from '../board-model';
import { Elapsed } from './Elapsed';
import { HandlingCells } from './HandlingCells';

/**
 * One agent on the board; re-renders only when its row (a full replacement per delta) changes.
 * `index` is its place in the sorted, filtered list (the table draws only the rows in view);
 * `measure` tells the table the row's real height.
 */
export const AgentTableRow = memo(function AgentTableRow({
  row,
  index,
  measure,
  thresholds,
  onChangeState,
}: {
  row: AgentRow;
  index: number;
  measure: (element: HTMLTableRowElement | null) => void;
  thresholds: BoardState['thresholds'];
  onChangeState: (row: AgentRow) => void;
}) {
  const { t } = useTranslation();
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2} className={`agent-row state-${row.state}`} data-agent-id={row.agentId} data-state={row.state}>
      <th scope="row">
        <span className="agent-name" translate="no">
          {row.name}
        </span>{' '}
        <span className="muted">· {row.extension}</span>
      </th>
      <td translate="no">{row.team ?? '—'}</td>
      <td>
        <span className={`state-pill pill-${row.state}`}>
          {STATE_LABEL[row.state]}
        </span>
        {row.reason !== null && (
          <span className="state-reason" translate="no">
            {row.reason}
          </span>
        )}
      </td>
      <td className="num">
        <Elapsed since={row.since} state={row.state} thresholds={thresholds} />
      </td>
      <td className="call-cell">
        {row.call === null ? (
          <span className="muted">—</span>
        ) : (
          <>
            {row.call.caller === null ? (
              <span className="clip caller">{row.call.direction === 'outbound' ? t('board.outbound') : t('common.unknownCaller')}</span>
            ) : (
              <span className="clip caller" translate="no">
                {row.call.caller}
              </span>
            )}
            <span className="muted">
              {row.call.queue === null ? t('board.noQueue') : <span translate="no">{row.call.queue}</span>} · {PHASE_LABEL[row.call.phase]} <Elapsed since={row.call.since} />
            </span>
          </>
        )}
      </td>
      <HandlingCells name={row.name} place={{ scope: 'agent', id: row.agentId }} aht={row.aht} frt={row.frt} fcr={row.fcr} handled={row.handled} />
      <td>
        <button type="button" className="row-action" onClick={() => onChangeState(row)} disabled={row.state === 'offline'} aria-label={t('board.changeStateOf', { name: row.name })}>
          {t('board.change')}
        </button>
      </td>
    </tr>
  );
});
