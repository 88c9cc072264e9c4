import { useTranslation } from 'react-i18next';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { loadPhoneConfig, savePhoneConfig } from './phone-config';
import { phonePasswordStore } from './phone-password';

/** Where the softphone registers: a PBX over WebSocket, or (empty) the built-in demo line. */
export function PhoneSettings() {
  const { t } = useTranslation();
  const passwords = useMemo(() => phonePasswordStore(), []);
  const initial = useMemo(() => loadPhoneConfig(localStorage, passwords), [passwords]);
  const [server, setServer] = useState(initial?.server ?? '');
  const [domain, setDomain] = useState(initial?.domain ?? '');
  const [username, setUsername] = useState(initial?.username ?? '');
  // The field starts empty: a kept password is never shown back; left empty, it stays as it is.
  const [password, setPassword] = useState('');
  const [held, setHeld] = useState(false);
  const [autoAnswer, setAutoAnswer] = useState(initial?.autoAnswer ?? false);
  const [trustedPbx, setTrustedPbx] = useState(initial?.trustedPbx ?? false);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void passwords.load().then((p) => live && setHeld(p !== null && p !== ''));
    return () => {
      live = false;
    };
  }, [passwords]);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      if (server === '') {
        savePhoneConfig(null);
        await passwords.save(null);
        setHeld(false);
        setSaved(t('phone.usingDemo'));
        return;
      }
      savePhoneConfig({ server, domain, username, autoAnswer, trustedPbx });
      if (password !== '') {
        await passwords.save(password);
        setPassword('');
        setHeld(true);
      }
      setSaved(t('phone.willRegister', { server, user: username.trim() === '' ? t('phone.yourExtension') : username.trim(), domain }));
    } catch (error) {
      setSaved(t('phone.failed', { detail: error instanceof Error ? error.message : String(error) }));
    }
  }

  return (
    <details className="phone-settings">
      <summary>{t('phone.summary', { where: initial === null ? t('phone.demoLine') : initial.server })}</summary>
      <form onSubmit={(e) => void save(e)}>
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
          <input
            type="password"
            autoComplete="current-password"
            aria-describedby="phone-password-kept"
            placeholder={held ? t('phone.passwordHeld') : ''}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p id="phone-password-kept" className="muted">
          {passwords.kept === 'sealed' ? t('phone.passwordSealed') : t('phone.passwordInMemory')}
        </p>
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
