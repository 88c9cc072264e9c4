import { useState, type FormEvent } from 'react';
import { loadPhoneConfig, savePhoneConfig } from './phone-config';

/** Where the softphone registers: a PBX over WebSocket, or (empty) the built-in demo line. */
export function PhoneSettings() {
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
      setSaved('Using the demo line.');
      return;
    }
    savePhoneConfig({ server, domain, username, password, autoAnswer, trustedPbx });
    setSaved(`Will register to ${server} as <extension>@${domain}.`);
  }

  return (
    <details className="phone-settings">
      <summary>Phone: {initial === null ? 'demo line (no PBX)' : initial.server}</summary>
      <form onSubmit={save}>
        <label>
          SIP server WebSocket URL
          <input type="url" placeholder="wss://pbx.example:8089/ws" pattern="wss?://.+" value={server} onChange={(e) => setServer(e.target.value)} />
        </label>
        <label>
          SIP domain
          <input placeholder="pbx.example" value={domain} onChange={(e) => setDomain(e.target.value)} required={server !== ''} />
        </label>
        <label>
          SIP username (default: your extension)
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          SIP password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={autoAnswer} onChange={(e) => setAutoAnswer(e.target.checked)} /> Answer calls automatically
        </label>
        <label className="inline">
          <input type="checkbox" checked={trustedPbx} onChange={(e) => setTrustedPbx(e.target.checked)} /> This PBX strips callers&apos; X-Frontline
          headers and sets them itself (believe its queue and wait, follow its transfers)
        </label>
        <button type="submit">Save phone settings</button>
        {saved !== null && <p role="status">{saved}</p>}
      </form>
    </details>
  );
}
