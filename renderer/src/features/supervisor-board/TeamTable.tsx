import { memo } from 'react';
import type { TeamSummary } from '../../../../shared/contract/schemas/board';
import { HandlingCells } from './HandlingCells';

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
                <HandlingCells name={t.name} aht={t.aht} frt={t.frt} fcr={t.fcr} handled={t.handled} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});
