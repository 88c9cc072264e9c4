import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useApi } from '../../app/stores-context';
import { useSession } from '../session';

/** "After this call": where the agent goes once the wrap-up is done (applied by the core). */
export function NextStatePicker() {
  const { t } = useTranslation();
  const api = useApi();
  const reasons = useSession((s) => s.settings?.breakReasons ?? []);
  const [value, setValue] = useState('available');
  async function choose(next: string): Promise<void> {
    setValue(next);
    const [state, reason] = next.split(':') as ['available' | 'break' | 'offline', string | undefined];
    await api.call('agent.setNextState', reason === undefined ? { state } : { state, reason });
  }
  return (
    <label className="inline">
      {t('wrapUp.afterThisCall')}{' '}
      <select value={value} onChange={(e) => void choose(e.target.value)}>
        <option value="available">{t('state.available')}</option>
        {reasons.map((r) => (
          <option key={r} value={`break:${r}`}>
            {t('wrapUp.breakWith', { reason: r })}
          </option>
        ))}
        <option value="offline">{t('state.offline')}</option>
      </select>
    </label>
  );
}
