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
    setSaved(`Routing for ${current.queue ?? 'the default queue'} saved: the next call uses it`);
    await load();
  }

  async function saveAgent(agentId: number): Promise<void> {
    const edit = agentEdits[agentId];
    if (edit === undefined) return;
    const r = await api.call('agents.update', { agentId, skills: list(edit.skills), languages: list(edit.languages) });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setSaved('Agent saved: the next call uses it');
    await load();
  }

  const set = <K extends keyof QueuePolicy>(key: K, value: QueuePolicy[K]) => setDraft((d) => (d === null ? d : { ...d, [key]: value }));
  const num = (text: string, fallback: number) => (Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : fallback);

  return (
    <Modal title="Routing" onClose={onClose} wide>
      <ErrorAlert error={error} />
      {saved !== null && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      {overview === null || draft === null ? (
        <p className="muted">Loading routing…</p>
      ) : (
        <div className="routing-dialog" data-testid="routing-dialog">
          <fieldset>
            <legend>Queue</legend>
            <label className="field">
              Queue
              <select data-autofocus value={queueKey} onChange={(e) => setQueueKey(e.target.value)}>
                {overview.queues.map((q) => (
                  <option key={q.queueId ?? 'default'} value={q.queueId === null ? 'default' : String(q.queueId)}>
                    {q.queue ?? 'Default (no queue)'}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Strategy
              <select value={draft.strategy} onChange={(e) => set('strategy', e.target.value as Strategy)}>
                {STRATEGIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Skills needed (comma-separated)
              <input value={draft.skills.join(', ')} onChange={(e) => set('skills', list(e.target.value))} />
            </label>
            <label className="field">
              Language
              <input value={draft.language ?? ''} onChange={(e) => set('language', e.target.value.trim() === '' ? null : e.target.value.trim())} />
            </label>
            <label className="field">
              Sticky window (hours, 0 = off)
              <input inputMode="numeric" value={String(draft.stickyWindowHours)} onChange={(e) => set('stickyWindowHours', num(e.target.value, draft.stickyWindowHours))} />
            </label>
            <label className="field">
              Wait for the sticky agent (s)
              <input inputMode="numeric" value={String(draft.stickyTimeoutSec)} onChange={(e) => set('stickyTimeoutSec', num(e.target.value, draft.stickyTimeoutSec))} />
            </label>
            <label className="field">
              VIP from value tier
              <select value={draft.vipMinTier ?? ''} onChange={(e) => set('vipMinTier', e.target.value === '' ? null : (e.target.value as QueuePolicy['vipMinTier']))}>
                {TIERS.map((t) => (
                  <option key={t} value={t}>
                    {t === '' ? 'no tier rule' : `${t} and above`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              VIP tag
              <input value={draft.vipTag ?? ''} onChange={(e) => set('vipTag', e.target.value.trim() === '' ? null : e.target.value.trim())} />
            </label>
            <label className="field">
              Max wait (s)
              <input inputMode="numeric" value={String(draft.maxWaitSec)} onChange={(e) => set('maxWaitSec', num(e.target.value, draft.maxWaitSec))} />
            </label>
            <label className="field">
              Then send to (SIP URI, empty = end the call)
              <input value={draft.maxWaitTarget ?? ''} onChange={(e) => set('maxWaitTarget', e.target.value.trim() === '' ? null : e.target.value.trim())} />
            </label>
            <p className="muted">
              Overflow: {draft.bullseye.map((s) => `from ${s.afterSec} s proficiency ≥ ${s.minProficiency}${s.anyQueue ? ', any queue' : ''}`).join(' · ')}
            </p>
            <button type="button" onClick={() => void saveQueue()}>
              Save queue routing
            </button>
          </fieldset>
          <fieldset>
            <legend>Callers waiting ({overview.waiting.length})</legend>
            <ul className="routing-waiting">
              {overview.waiting.map((w) => (
                <li key={w.sipCallId}>
                  {w.vip ? 'VIP · ' : ''}
                  {w.caller ?? 'Withheld'} · {w.queue ?? 'default'} · {w.offeredTo.length > 0 ? 'ringing' : 'waiting'}
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset>
            <legend>Agents: skills and languages (e.g. billing:4, fr:2; plain = 3)</legend>
            <table className="board-table">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Skills</th>
                  <th scope="col">Languages</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {overview.agents.map((a) => {
                  const edit = agentEdits[a.agentId] ?? { skills: a.skills.join(', '), languages: a.languages.join(', ') };
                  const change = (key: 'skills' | 'languages', value: string) => setAgentEdits((e) => ({ ...e, [a.agentId]: { ...edit, [key]: value } }));
                  return (
                    <tr key={a.agentId}>
                      <th scope="row">{a.name}</th>
                      <td>
                        <input aria-label={`${a.name} skills`} value={edit.skills} onChange={(e) => change('skills', e.target.value)} />
                      </td>
                      <td>
                        <input aria-label={`${a.name} languages`} value={edit.languages} onChange={(e) => change('languages', e.target.value)} />
                      </td>
                      <td>
                        <button type="button" onClick={() => void saveAgent(a.agentId)}>
                          Save
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
