import { useTranslation } from 'react-i18next';
import { memo } from 'react';
import type { TeamSummary } from '../../../../shared/contract/schemas/board';
import { HandlingCells } from './HandlingCells';

/** Each team now (who is where) and today (AHT, FRT, FCR, handled). */
export const TeamTable = memo(function TeamTable({ teams }: { teams: readonly TeamSummary[] }) {
  const { t } = useTranslation();
  return (
    <section className="board-panel" aria-labelledby="teams-title">
      <h2 id="teams-title">{t('board.teams')}</h2>
      <div className="table-scroll">
        <table className="board-table team-table">
          <thead>
            <tr>
              <th scope="col">{t('board.column.team')}</th>
              <th scope="col" className="num">{t('board.column.signedIn')}</th>
              <th scope="col" className="num">{t('state.available')}</th>
              <th scope="col" className="num">{t('state.on-call')}</th>
              <th scope="col" className="num">{t('state.wrap-up')}</th>
              <th scope="col" className="num">{t('state.break')}</th>
              <th scope="col" className="num">{t('board.column.aht')}</th>
              <th scope="col" className="num">{t('board.column.frt')}</th>
              <th scope="col" className="num">{t('board.column.fcr')}</th>
              <th scope="col" className="num">{t('board.column.handled')}</th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.teamId} data-team-id={team.teamId}>
                <th scope="row" translate="no">
                  {team.name}
                </th>
                <td className="num">{team.signedIn}</td>
                <td className="num">{team.available}</td>
                <td className="num">{team.onCall}</td>
                <td className="num">{team.wrapUp}</td>
                <td className="num">{team.onBreak}</td>
                <HandlingCells name={team.name} place={{ scope: 'team', id: team.teamId }} aht={team.aht} frt={team.frt} fcr={team.fcr} handled={team.handled} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});
