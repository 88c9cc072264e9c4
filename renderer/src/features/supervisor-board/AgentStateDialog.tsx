import { useTranslation } from 'react-i18next';
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
  const { t, i18n } = useTranslation();
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
    // English reads "is on call"; other locales quote the state as it is named.
    const word = (s: keyof typeof STATE_LABEL) => (i18n.language.startsWith('en') ? STATE_LABEL[s].toLowerCase() : STATE_LABEL[s]);
    setDeferred(t('stateDialog.deferred', { name: agent.name, now: word(r.value.state), next: word(state) }));
  }

  return (
    <Modal title={t('stateDialog.title', { name: agent.name })} onClose={onClose}>
      <form className="state-form" onSubmit={(e) => void submit(e)} aria-label={t('stateDialog.formLabel', { name: agent.name })}>
        <p className="muted">
          {t('stateDialog.now', { state: STATE_LABEL[agent.state] })}
          {agent.reason !== null && (
            <>
              {' · '}
              <span translate="no">{agent.reason}</span>
            </>
          )}
        </p>
        <fieldset>
          <legend>{t('stateDialog.newState')}</legend>
          {(['available', 'break', 'offline'] as const).map((s) => (
            <label key={s} className="choice">
              <input type="radio" name="state" value={s} checked={state === s} onChange={() => setState(s)} data-autofocus={state === s ? '' : undefined} />
              {STATE_LABEL[s]}
            </label>
          ))}
        </fieldset>
        {state === 'break' ? (
          <label className="field">
            {t('stateDialog.breakReason')}
            <select required value={breakReason} onChange={(e) => setBreakReason(e.target.value)}>
              <option value="">{t('stateDialog.choose')}</option>
              {breakReasons.map((r) => (
                <option key={r} value={r} translate="no">
                  {r}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="field">
            {t('stateDialog.reason')}
            <input required maxLength={40} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('stateDialog.reasonPlaceholder')} />
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
            {deferred === null ? t('stateDialog.cancel') : t('stateDialog.close')}
          </button>
          <button type="submit" className="primary" disabled={busy || reason === '' || deferred !== null}>
            {t('stateDialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
