import { useState, type FormEvent } from 'react';
import { useSession } from './use-session';
import { PhoneSettings } from '../phone-settings';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function SignIn() {
  const signIn = useSession((s) => s.signIn);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const connection = useSession((s) => s.connection);
  const [name, setName] = useState('');
  const [extension, setExtension] = useState('');
  const [password, setPassword] = useState('');

  function submit(e: FormEvent): void {
    e.preventDefault();
    void signIn(name, extension, password);
  }

  return (
    <main className="sign-in">
      <div className="sign-in-stack">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Frontline</h1>
        <p className="muted">Sign in to take calls.</p>
        <label>
          Your name
          <input name="name" autoComplete="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label>
          Extension
          <input
            name="extension"
            required
            maxLength={32}
            pattern="[0-9A-Za-z_.\-]{1,32}"
            value={extension}
            onChange={(e) => setExtension(e.target.value)}
          />
        </label>
        <label>
          Password <span className="muted">(supervisors only)</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={200}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy || connection !== 'open'}>
          {connection === 'open' ? 'Sign in' : 'Connecting…'}
        </button>
        <ErrorAlert error={error} />
      </form>
      <PhoneSettings />
      </div>
    </main>
  );
}
