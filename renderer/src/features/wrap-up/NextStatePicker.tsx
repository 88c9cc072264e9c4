import { useState } from 'react';
import { useApi } from '../../app/stores-context';
import { useSession } from '../session';

/** "After this call": where the agent goes once the wrap-up is done (applied by the core). */
export function NextStatePicker() {
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
      After this call{' '}
      <select value={value} onChange={(e) => void choose(e.target.value)}>
        <option value="available">Available</option>
        {reasons.map((r) => (
          <option key={r} value={`break:${r}`}>
            Break · {r}
          </option>
        ))}
        <option value="offline">Offline</option>
      </select>
    </label>
  );
}
