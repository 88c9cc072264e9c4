import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { routingOverview } from '../../../../shared/contract/schemas/routing';
import type { QueuePolicy, Strategy } from '../../../../shared/domain/routing/queue-policy';
import { STRATEGIES } from '../../../../shared/domain/routing/queue-policy';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { humanError } from '../../i18n';
import { Modal } from './Modal';

type Overview = z.infer<typeof routingOverview>;
const TIERS = ['', 'platinum', 'gold', 'silver', 'bronze'] as const;
const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

/**
 * Supervisors steer routing (issue 13 item 6): a queue's strategy, required skills and language,
 * sticky window and timeout, VIP rule and max wait; each agent's skills and languages. Every change
 * applies to the next decision and is audit-logged by the core.
 */
export function RoutingDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [queueKey, setQueueKey] = useState('default');
  const [draft, setDraft] = useState<QueuePolicy | null>(null);
  const [agentEdits, setAgentEdits] = useState<Record<number, { skills: string; languages: string }>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function load(): Promise<void> {
    const r = await api.call('routing.overview', {});
    if (!r.ok) return setError(humanError(r.error));
    setOverview(r.value);
  }
  // Once, when the dialog opens.
  useEffect(() => void load(), []);
  const current = overview?.queues.find((q) => (q.queueId === null ? 'default' : String(q.queueId)) === queueKey);
  useEffect(() => setDraft(current?.policy ?? null), [current]);

  async function saveQueue(): Promise<void> {
    if (draft === null || current === undefined) return;
    const r = await api.call('routing.setQueue', { queueId: current.queueId, policy: draft });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setSaved(t('routing.savedQueue', { queue: current.queue ?? t('routing.theDefaultQueue') }));
    await load();
  }

  async function saveAgent(agentId: number): Promise<void> {
    const edit = agentEdits[agentId];
    if (edit === undefined) return;
    const r = await api.call('agents.update', { agentId, skills: list(edit.skills), languages: list(edit.languages) });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setSaved(t('routing.savedAgent'));
    await load();
  }

  const set = <K extends keyof QueuePolicy>(key: K, value: QueuePolicy[K]) => setDraft((d) => (d === null ? d : { ...d, [key]: value }));
  const num = (text: string, fallback: number) => (Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : fallback);

  return (
    <Modal title={t('routing.title')} onClose={onClose} wide>
      <ErrorAlert error={error} />
      {saved !== null && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      {overview === null || draft === null ? (
        <p className="muted">{t('routing.loading')}</p>
      ) : (
        <div className="routing-dialog" data-testid="routing-dialog">
          <fieldset>
            <legend>{t('routing.queueLegend')}</legend>
            <label className="field">
              {t('routing.queue')}
              <select data-autofocus value={queueKey} onChange={(e) => setQueueKey(e.target.value)}>
                {overview.queues.map((q) => (
                  <option key={q.queueId ?? 'default'} value={q.queueId === null ? 'default' : String(q.queueId)} translate={q.queue === null ? undefined : 'no'}>
                    {q.queue ?? t('routing.defaultQueue')}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('routing.strategy')}
              <select value={draft.strategy} onChange={(e) => set('strategy', e.target.value as Strategy)}>
                {STRATEGIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`routing.strategies.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('routing.skills')}
              <input value={draft.skills.join(', ')} onChange={(e) => set('skills', list(e.target.value))} />
            </label>
            <label className="field">
              {t('routing.language')}
              <input value={draft.language ?? ''} onChange={(e) => set('language', e.target.value.trim() === '' ? null : e.target.value.trim())} />
            </label>
            <label className="field">
              {t('routing.stickyWindow')}
              <input inputMode="numeric" value={String(draft.stickyWindowHours)} onChange={(e) => set('stickyWindowHours', num(e.target.value, draft.stickyWindowHours))} />
            </label>
            <label className="field">
              {t('routing.stickyWait')}
              <input inputMode="numeric" value={String(draft.stickyTimeoutSec)} onChange={(e) => set('stickyTimeoutSec', num(e.target.value, draft.stickyTimeoutSec))} />
            </label>
            <label className="field">
              {t('routing.vipTier')}
              <select value={draft.vipMinTier ?? ''} onChange={(e) => set('vipMinTier', e.target.value === '' ? null : (e.target.value as QueuePolicy['vipMinTier']))}>
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    {tier === '' ? t('routing.noTierRule') : t('routing.tierAndAbove', { tier: t(`card.tier.${tier}`) })}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('routing.vipTag')}
              <input value={draft.vipTag ?? ''} onChange={(e) => set('vipTag', e.target.value.trim() === '' ? null : e.target.value.trim())} />
            </label>
            <label className="field">
              {t('routing.maxWait')}
              <input inputMode="numeric" value={String(draft.maxWaitSec)} onChange={(e) => set('maxWaitSec', num(e.target.value, draft.maxWaitSec))} />
            </label>
            <label className="field">
              {t('routing.maxWaitTarget')}
              <input value={draft.maxWaitTarget ?? ''} onChange={(e) => set('maxWaitTarget', e.target.value.trim() === '' ? null : e.target.value.trim())} />
            </label>
            <p className="muted">
              {t('routing.overflow', {
                steps: draft.bullseye.map((s) => t(s.anyQueue ? 'routing.overflowAnyQueue' : 'routing.overflowStep', { after: s.afterSec, min: s.minProficiency })).join(' · '),
              })}
            </p>
            <button type="button" onClick={() => void saveQueue()}>
              {t('routing.saveQueue')}
            </button>
          </fieldset>
          <fieldset>
            <legend>{t('routing.waiting', { count: overview.waiting.length })}</legend>
            <ul className="routing-waiting">
              {overview.waiting.map((w) => (
                <li key={w.sipCallId}>
                  {w.vip ? `${t('routing.vip')} · ` : ''}
                  {w.caller === null ? t('routing.withheld') : <span translate="no">{w.caller}</span>} · {w.queue === null ? t('routing.defaultWord') : <span translate="no">{w.queue}</span>} ·{' '}
                  {w.offeredTo.length > 0 ? t('routing.ringing') : t('routing.waitingWord')}
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset>
            <legend>{t('routing.agentsLegend')}</legend>
            <table className="board-table">
              <thead>
                <tr>
                  <th scope="col">{t('routing.agent')}</th>
                  <th scope="col">{t('routing.skillsColumn')}</th>
                  <th scope="col">{t('routing.languages')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {overview.agents.map((a) => {
                  const edit = agentEdits[a.agentId] ?? { skills: a.skills.join(', '), languages: a.languages.join(', ') };
                  const change = (key: 'skills' | 'languages', value: string) => setAgentEdits((e) => ({ ...e, [a.agentId]: { ...edit, [key]: value } }));
                  return (
                    <tr key={a.agentId}>
                      <th scope="row" translate="no">
                        {a.name}
                      </th>
                      <td>
                        <input aria-label={t('routing.skillsOf', { name: a.name })} value={edit.skills} onChange={(e) => change('skills', e.target.value)} />
                      </td>
                      <td>
                        <input aria-label={t('routing.languagesOf', { name: a.name })} value={edit.languages} onChange={(e) => change('languages', e.target.value)} />
                      </td>
                      <td>
                        <button type="button" onClick={() => void saveAgent(a.agentId)}>
                          {t('routing.save')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>
        </div>
      )}
    </Modal>
  );
}
