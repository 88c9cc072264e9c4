import { useState, type FormEvent } from 'react';
import type { AgentRow } from '../../../../shared/contract/schemas/board';
import { useApi } from '../../app/stores-context';
import { useSession } from '../session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { STATE_LABEL } from '../board-model';
import { Modal } from './Modal';
import { humanError } from '../../i18n';

type Target = 'available' | 'break' | 'offline';

/** A supervisor changes an agent's state, with a reason (supervisor.setAgentState). A busy agent changes after the call. */
export function AgentStateDialog({ agent, onClose }: { agent: AgentRow; onClose: () => void }) {
  const api = useApi();
  const breakReasons = useSession((s) => s.settings?.breakReasons ?? []);
  const [state, setState] = useState<Target>(agent.state === 'break' ? 'available' : 'break');
  const [breakReason, setBreakReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deferred, setDeferred] = useState<string | null>(null);
  const reason = state === 'break' ? breakReason : note.trim();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.call('supervisor.setAgentState', { agentId: agent.agentId, state, reason });
    setBusy(false);
    if (!r.ok) return setError(humanError(r.error));
    if (r.value.state === state) return onClose();
    setDeferred(`${agent.name} is ${STATE_LABEL[r.value.state].toLowerCase()}: the change to ${STATE_LABEL[state].toLowerCase()} happens when the call and its wrap-up are done.`);
  }

  return (
    <Modal title={`Change state: ${agent.name}`} onClose={onClose}>
      <form className="state-form" onSubmit={(e) => void submit(e)} aria-label={`Change the state of ${agent.name}`}>
        <p className="muted">
          Now {STATE_LABEL[agent.state]}
          {agent.reason !== null && ` · ${agent.reason}`}
        </p>
        <fieldset>
          <legend>New state</legend>
          {(['available', 'break', 'offline'] as const).map((s) => (
            <label key={s} className="choice">
              <input type="radio" name="state" value={s} checked={state === s} onChange={() => setState(s)} data-autofocus={state === s ? '' : undefined} />
              {STATE_LABEL[s]}
            </label>
          ))}
        </fieldset>
        {state === 'break' ? (
          <label className="field">
            Break reason
            <select required value={breakReason} onChange={(e) => setBreakReason(e.target.value)}>
              <option value="">Choose…</option>
              {breakReasons.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="field">
            Reason (recorded with your name)
            <input required maxLength={40} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Queue is busy" />
          </label>
        )}
        <ErrorAlert error={error} />
        {deferred !== null && (
          <p className="notice" role="status">
            {deferred}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {deferred === null ? 'Cancel' : 'Close'}
          </button>
          <button type="submit" className="primary" disabled={busy || reason === '' || deferred !== null}>
            Change state
          </button>
        </div>
      </form>
    </Modal>
  );
}
