import { useTranslation } from 'react-i18next';
import type { AgentState } from '../../../../shared/contract/schemas/agent';
import type { BoardState } from '../../../../shared/contract/schemas/board';
import { PHASE_LABEL, STATE_LABEL } from '../board-model';
import { Elapsed } from '../supervisor-board';

const ORDER: AgentState[] = ['ringing', 'on-call', 'wrap-up', 'available', 'break'];
/** More cards than this and they shrink; past the last size the rest are counted, not shown. */
const DENSITY = [
  { upTo: 24, name: 'large' },
  { upTo: 60, name: 'medium' },
  { upTo: 160, name: 'small' },
] as const;
const MOST_SHOWN = 160;

/**
 * The card's call line: the queue, and the phase only where the state line above does not already say it
 * (a held call). "Nachbearbeitung · Welsh line" repeated the state and did not fit a card on a 1366-wide TV.
 */
function callLine(call: { phase: keyof typeof PHASE_LABEL; queue: string | null }): string {
  if (call.queue === null) return PHASE_LABEL[call.phase];
  return call.phase === 'held' ? `${PHASE_LABEL.held} · ${call.queue}` : call.queue;
}

/** Everyone signed in, as cards coloured by state, busiest first; offline agents are left out. */
export function WallboardAgents({ board }: { board: BoardState }) {
  const { t } = useTranslation();
  const present = board.agents.filter((a) => a.state !== 'offline');
  const sorted = [...present].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || a.since - b.since);
  const density = DENSITY.find((d) => sorted.length <= d.upTo)?.name ?? 'small';
  const shown = sorted.slice(0, MOST_SHOWN);
  return (
    <section className="wb-agents" aria-labelledby="wb-agents-title">
      <h2 id="wb-agents-title" className="wb-section-title">
        {t('wallboard.agents')}
        <span className="wb-state-counts">
          {ORDER.map((s) => (
            <span key={s} className={`wb-count pill-${s}`}>
              {STATE_LABEL[s]} <strong data-state-count={s}>{present.filter((a) => a.state === s).length}</strong>
            </span>
          ))}
        </span>
      </h2>
      <ul className={`wb-agent-grid wb-${density}`}>
        {shown.map((a) => (
          <li key={a.agentId} className={`wb-agent wb-agent-${a.state}`} data-agent-id={a.agentId} data-state={a.state}>
            <span className="wb-agent-name">{a.name}</span>
            <span className="wb-agent-state">
              {STATE_LABEL[a.state]} <Elapsed since={a.since} state={a.state} thresholds={board.thresholds} />
            </span>
            <span className="wb-agent-call">
              {a.call === null ? (a.reason ?? ' ') : callLine(a.call)}
            </span>
          </li>
        ))}
      </ul>
      {sorted.length > shown.length && <p className="wb-more">{t('wallboard.more', { count: sorted.length - shown.length })}</p>}
    </section>
  );
}
