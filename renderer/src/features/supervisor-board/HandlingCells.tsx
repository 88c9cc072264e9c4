import type { BoardCell } from '../../../../shared/contract/schemas/board';
import { MetricCell } from './MetricCell';

/** Today's AHT, FRT, FCR and handled count as table cells, for an agent's row or a team's. */
export function HandlingCells({ name, aht, frt, fcr, handled }: { name: string; aht: BoardCell; frt: BoardCell; fcr: BoardCell; handled: number }) {
  return (
    <>
      <td className="num">
        <MetricCell metric="aht_s" cell={aht} title={`AHT today: ${name}`} />
      </td>
      <td className="num">
        <MetricCell metric="agent_frt_s" cell={frt} title={`First response time today: ${name}`} />
      </td>
      <td className="num">
        <MetricCell metric="fcr_pct" cell={fcr} title={`First-contact resolution today: ${name}`} />
      </td>
      <td className="num" data-metric="handled" data-value={handled}>
        {handled}
      </td>
    </>
  );
}
