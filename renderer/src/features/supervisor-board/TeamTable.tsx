import { memo } from 'react';
import type { TeamSummary } from '../../../../shared/contract/schemas/board';
import { MetricCell } from './MetricCell';

/** Each team now (who is where) and today (AHT, FRT, FCR, handled). */
export const TeamTable = memo(function TeamTable({ teams }: { teams: readonly TeamSummary[] }) {
  return (
    <section className="board-panel" aria-labelledby="teams-title">
      <h2 id="teams-title">Teams</h2>
      <div className="table-scroll">
        <table className="board-table team-table">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col" className="num">Signed in</th>
              <th scope="col" className="num">Available</th>
              <th scope="col" className="num">On call</th>
              <th scope="col" className="num">Wrap-up</th>
              <th scope="col" className="num">Break</th>
              <th scope="col" className="num">AHT</th>
              <th scope="col" className="num">FRT</th>
              <th scope="col" className="num">FCR</th>
              <th scope="col" className="num">Handled</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((t) => (
              <tr key={t.teamId} data-team-id={t.teamId}>
                <th scope="row">{t.name}</th>
                <td className="num">{t.signedIn}</td>
                <td className="num">{t.available}</td>
                <td className="num">{t.onCall}</td>
                <td className="num">{t.wrapUp}</td>
                <td className="num">{t.onBreak}</td>
                <td className="num">
                  <MetricCell metric="aht_s" cell={t.aht} title={`AHT today: ${t.name}`} />
                </td>
                <td className="num">
                  <MetricCell metric="agent_frt_s" cell={t.frt} title={`First response time today: ${t.name}`} />
                </td>
                <td className="num">
                  <MetricCell metric="fcr_pct" cell={t.fcr} title={`First-contact resolution today: ${t.name}`} />
                </td>
                <td className="num" data-metric="handled" data-value={t.handled}>
                  {t.handled}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});
