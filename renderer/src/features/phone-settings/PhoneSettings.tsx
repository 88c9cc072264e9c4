import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { loadPhoneConfig, savePhoneConfig } from './phone-config';

/** Where the softphone registers: a PBX over WebSocket, or (empty) the built-in demo line. */
export function PhoneSettings() {
  const { t } = useTranslation();
  const initial = loadPhoneConfig();
  const [server, setServer] = useState(initial?.server ?? '');
  const [domain, setDomain] = useState(initial?.domain ?? '');
  const [username, setUsername] = useState(initial?.username ?? '');
  const [password, setPassword] = useState(initial?.password ?? '');
  const [autoAnswer, setAutoAnswer] = useState(initial?.autoAnswer ?? false);
  const [trustedPbx, setTrustedPbx] = useState(initial?.trustedPbx ?? false);
  const [saved, setSaved] = useState<string | null>(null);

  function save(e: FormEvent): void {
    e.preventDefault();
    if (server === '') {
      savePhoneConfig(null);
      setSaved(t('phone.usingDemo'));
      return;
    }
    savePhoneConfig({ server, domain, username, password, autoAnswer, trustedPbx });
    setSaved(t('phone.willRegister', { server, user: username.trim() === '' ? t('phone.yourExtension') : username.trim(), domain }));
  }

  return (
    <details className="phone-settings">
      <summary>{t('phone.summary', { where: initial === null ? t('phone.demoLine') : initial.server })}</summary>
      <form onSubmit={save}>
        <label>
          {t('phone.server')}
          <input type="url" placeholder="wss://pbx.example:8089/ws" pattern="wss?://.+" value={server} onChange={(e) => setServer(e.target.value)} />
        </label>
        <label>
          {t('phone.domain')}
          <input placeholder="pbx.example" value={domain} onChange={(e) => setDomain(e.target.value)} required={server !== ''} />
        </label>
        <label>
          {t('phone.username')}
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('phone.password')}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={autoAnswer} onChange={(e) => setAutoAnswer(e.target.checked)} /> {t('phone.autoAnswer')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={trustedPbx} onChange={(e) => setTrustedPbx(e.target.checked)} /> {t('phone.trustedPbx')}
        </label>
        <button type="submit">{t('phone.save')}</button>
        {saved !== null && <p role="status">{saved}</p>}
      </form>
    </details>
  );
}
