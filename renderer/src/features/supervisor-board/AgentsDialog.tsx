import { useTranslation } from 'react-i18next';
import { useEffect, useState, type FormEvent } from 'react';
import type { AgentAccount } from '../../../../shared/contract/schemas/agent-admin';
import type { AgentRow } from '../../../../shared/contract/schemas/board';
import { useApi } from '../../app/stores-context';
import { humanError, i18nNow } from '../../i18n';
import { STATE_LABEL } from '../../ui/state-labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useBoard } from '../board-model';
import { Modal } from './Modal';

/** One empty list for every render while the board is loading (a new [] each time would re-render without end). */
const NO_ROWS: readonly AgentRow[] = [];

type Directory = { agents: AgentAccount[]; teams: { id: number; name: string }[] };

/** A password the server issued, shown to the supervisor once to hand over. */
type Issued = { name: string; extension: string; password: string };

/** Supervisors listed apart from agents unless they take calls (issue 11). */
export const takesCalls = (a: AgentAccount): boolean => a.role === 'agent' || a.takesCalls;

function signedInLabel(row: AgentRow | undefined): string {
  if (row === undefined || row.state === 'offline') return i18nNow().t('agents.signedOut');
  return STATE_LABEL[row.state] ?? row.state;
}

/**
 * The supervisor's agent management: who exists and who is signed in now, create an agent or a
 * supervisor (the server issues the password, shown once), reset a password (that person's
 * sessions end), deactivate and reactivate. Every action is a supervisor call the server audits.
 */
export function AgentsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const rows = useBoard((s) => s.board?.agents ?? NO_ROWS);
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', extension: '', role: 'agent' as 'agent' | 'supervisor', teamId: '' });

  async function load(): Promise<void> {
    const r = await api.call('agents.list', {});
    if (r.ok) setDirectory(r.value);
    else setError(humanError(r.error));
  }
  // Once, when the dialog opens.
  useEffect(() => void load(), []);

  async function create(e: FormEvent): Promise<void> {
    e.preventDefault();
    const r = await api.call('agents.create', {
      name: form.name,
      extension: form.extension,
      role: form.role,
      teamId: form.teamId === '' ? null : Number(form.teamId),
    });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setIssued({ name: r.value.account.name, extension: r.value.account.extension, password: r.value.password });
    setForm({ name: '', extension: '', role: 'agent', teamId: '' });
    await load();
  }

  async function resetPassword(a: AgentAccount): Promise<void> {
    const r = await api.call('agents.resetPassword', { agentId: a.id });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setIssued({ name: a.name, extension: a.extension, password: r.value.password });
    await load();
  }

  async function setActive(a: AgentAccount, active: boolean): Promise<void> {
    const r = await api.call('agents.update', { agentId: a.id, active });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    await load();
  }

  const teamName = (id: number | null) => directory?.teams.find((t) => t.id === id)?.name ?? '—';
  const accounts = directory?.agents ?? [];

  function table(kind: 'agents' | 'supervisors', list: AgentAccount[]) {
    const id = `accounts-${kind}`;
    return (
      <section aria-labelledby={id}>
        <h3 id={id}>
          {t(`agents.${kind}`)} <span className="muted">({list.length})</span>
        </h3>
        <table className="board-table accounts-table">
          <thead>
            <tr>
              <th scope="col">{t('agents.name')}</th>
              <th scope="col">{t('agents.extension')}</th>
              <th scope="col">{t('agents.team')}</th>
              <th scope="col">{t('agents.now')}</th>
              <th scope="col">{t('agents.account')}</th>
              <th scope="col">
                <span className="sr-only">{t('agents.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-extension={a.extension} className={a.active ? undefined : 'muted'}>
                <th scope="row" translate="no">
                  {a.name}
                </th>
                <td>{a.extension}</td>
                <td translate="no">{teamName(a.teamId)}</td>
                <td data-testid="signed-in">{signedInLabel(rows.find((r) => r.agentId === a.id))}</td>
                <td>
                  {a.active ? t('agents.active') : t('agents.deactivated')}
                  {a.demoCredential ? ` · ${t('agents.demo')}` : ''}
                </td>
                <td>
                  <div className="row-actions">
                  <button type="button" onClick={() => void resetPassword(a)} aria-label={t('agents.actionOf', { action: t('agents.resetPassword'), name: a.name })}>
                    {t('agents.resetPassword')}
                  </button>
                  <button type="button" onClick={() => void setActive(a, !a.active)} aria-label={t('agents.actionOn', { action: a.active ? t('agents.deactivate') : t('agents.reactivate'), name: a.name })}>
                    {a.active ? t('agents.deactivate') : t('agents.reactivate')}
                  </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  }

  return (
    <Modal title={t('agents.title')} onClose={onClose} wide>
      <form className="account-form" onSubmit={(e) => void create(e)} aria-label={t('agents.addLabel')}>
        <label className="field">
          {t('agents.name')}
          <input required maxLength={80} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-autofocus="" />
        </label>
        <label className="field">
          {t('agents.extension')}
          <input required maxLength={32} pattern="[0-9A-Za-z_.\-]{1,32}" value={form.extension} onChange={(e) => setForm({ ...form, extension: e.target.value })} />
        </label>
        <label className="field">
          {t('agents.role')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as 'agent' | 'supervisor' })}>
            <option value="agent">{t('agents.agent')}</option>
            <option value="supervisor">{t('agents.supervisor')}</option>
          </select>
        </label>
        <label className="field">
          {t('agents.team')}
          <select value={form.teamId} onChange={(e) => setForm({ ...form, teamId: e.target.value })}>
            <option value="">{t('agents.noTeam')}</option>
            {directory?.teams.map((team) => (
              <option key={team.id} value={team.id} translate="no">
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('agents.add')}
        </button>
      </form>
      {issued !== null && (
        <p role="status" className="issued-password" data-testid="issued-password">
          {t('agents.issued', { name: issued.name, extension: issued.extension })} <code translate="no">{issued.password}</code> {t('agents.issuedAfter')}
        </p>
      )}
      <ErrorAlert error={error} />
      {directory === null ? (
        <p className="muted">{t('agents.loading')}</p>
      ) : (
        <div className="accounts">
          {table('agents', accounts.filter(takesCalls))}
          {table('supervisors', accounts.filter((a) => !takesCalls(a)))}
        </div>
      )}
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t('agents.done')}
        </button>
      </div>
    </Modal>
  );
}
