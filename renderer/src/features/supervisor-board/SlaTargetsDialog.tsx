import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { SlaTargetDto } from '../../../../shared/contract/schemas/metrics';
import { useApi } from '../../app/stores-context';
import { useBoard } from '../board-model';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { METRIC_LABEL } from '../agent-stats';
import { Modal } from './Modal';
import { humanError } from '../../i18n';

type Target = SlaTargetDto & { scopeId: number | null };
type Scope = { scope: 'default' | 'queue' | 'team'; scopeId: number | null };

/** The metrics a target can be set for, in the order a supervisor thinks of them. */
const EDITABLE = ['service_level_pct', 'agent_frt_s', 'aht_s', 'fcr_pct', 'abandon_pct', 'occupancy_pct'] as const;

const scopeKey = (s: Scope) => `${s.scope}:${s.scopeId ?? ''}`;

/** SLA targets for the centre, a queue or a team: the most specific one applies (a queue's, a team's, else the default). */
export function SlaTargetsDialog({ onClose }: { onClose: () => void }) {
  const { t: tr } = useTranslation();
  const api = useApi();
  const queues = useBoard((s) => s.board?.queues ?? []);
  const teams = useBoard((s) => s.board?.teams ?? []);
  const [targets, setTargets] = useState<Target[]>([]);
  const [scope, setScope] = useState<Scope>({ scope: 'default', scopeId: null });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function load(): Promise<void> {
    const r = await api.call('sla.targets', {});
    if (r.ok) setTargets(r.value.targets);
    else setError(humanError(r.error));
  }
  // Once, when the dialog opens.
  useEffect(() => void load(), []);

  const effective = (metric: string): Target | undefined =>
    targets.find((t) => t.metric === metric && t.scope === scope.scope && t.scopeId === scope.scopeId) ??
    targets.find((t) => t.metric === metric && t.scope === 'default');

  async function save(metric: (typeof EDITABLE)[number]): Promise<void> {
    const text = edits[metric];
    const target = Number(text);
    if (text === undefined || text.trim() === '' || !Number.isFinite(target) || target < 0) return setError(tr('targets.enterNumber', { metric: METRIC_LABEL[metric] }));
    const r = await api.call('sla.setTarget', { metric, scope: scope.scope, scopeId: scope.scopeId, target });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setSaved(tr('targets.saved', { metric: METRIC_LABEL[metric] }));
    await load();
  }

  return (
    <Modal title={tr('targets.title')} onClose={onClose} wide>
      <label className="field">
        {tr('targets.for')}
        <select
          data-autofocus
          value={scopeKey(scope)}
          onChange={(e) => {
            const [kind, id] = e.target.value.split(':');
            setScope({ scope: kind as Scope['scope'], scopeId: id === '' || id === undefined ? null : Number(id) });
            setEdits({});
          }}
        >
          <option value="default:">{tr('targets.wholeCentre')}</option>
          {queues.map((q) => (
            <option key={`q${q.queueId}`} value={`queue:${q.queueId}`}>
              {tr('targets.queueOption', { name: q.name })}
            </option>
          ))}
          {teams.map((t) => (
            <option key={`t${t.teamId}`} value={`team:${t.teamId}`}>
              {tr('targets.teamOption', { name: t.name })}
            </option>
          ))}
        </select>
      </label>
      <table className="targets-table">
        <thead>
          <tr>
            <th scope="col">{tr('targets.metric')}</th>
            <th scope="col">{tr('targets.target')}</th>
            <th scope="col">{tr('targets.from')}</th>
            <th scope="col">
              <span className="sr-only">{tr('targets.save')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {EDITABLE.map((metric) => {
            const t = effective(metric);
            return (
              <tr key={metric}>
                <th scope="row">
                  {METRIC_LABEL[metric]} <span className="muted">{t?.direction === 'at-least' ? tr('targets.atLeast') : tr('targets.atMost')}</span>
                </th>
                <td>
                  <input
                    aria-label={tr('targets.targetOf', { metric: METRIC_LABEL[metric] })}
                    inputMode="decimal"
                    value={edits[metric] ?? String(t?.target ?? '')}
                    onChange={(e) => setEdits((x) => ({ ...x, [metric]: e.target.value }))}
                  />
                </td>
                <td className="muted">{t === undefined ? '—' : t.scope === scope.scope ? tr('targets.setHere') : tr('targets.centreDefault')}</td>
                <td>
                  <button type="button" onClick={() => void save(metric)}>
                    {tr('targets.save')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted" role="status">
        {saved ?? tr('targets.help')}
      </p>
      <ErrorAlert error={error} />
    </Modal>
  );
}
