import { useState, type FormEvent } from 'react';
import { useSession } from './use-session';
import { PhoneSettings } from '../phone-settings';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function SignIn() {
  const signIn = useSession((s) => s.signIn);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const notice = useSession((s) => s.notice);
  const connection = useSession((s) => s.connection);
  const quickStart = useSession((s) => s.quickStart);
  const resuming = useSession((s) => s.resuming);
  const [name, setName] = useState('');
  const [extension, setExtension] = useState('');
  const [password, setPassword] = useState('');

  function submit(e: FormEvent): void {
    e.preventDefault();
    void signIn({ extension, password, name: quickStart ? name : '' });
  }

  return (
    <main className="sign-in">
      <div className="sign-in-stack">
        <form onSubmit={submit} aria-labelledby="sign-in-title">
          <h1 id="sign-in-title">Frontline</h1>
          <p className="muted">Sign in to take calls.</p>
          {notice !== null && (
            <p className="notice" role="alert">
              {notice}
            </p>
          )}
          <label>
            Extension
            <input
              name="extension"
              required
              maxLength={32}
              autoComplete="username"
              pattern="[0-9A-Za-z_.\-]{1,32}"
              value={extension}
              onChange={(e) => setExtension(e.target.value)}
              autoFocus
            />
          </label>
          <label>
            Password {quickStart && <span className="muted">(not needed for demo agents)</span>}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required={!quickStart}
              maxLength={200}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {quickStart && (
            <>
              <label>
                Your name <span className="muted">(a new demo agent)</span>
                <input name="name" autoComplete="name" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
              </label>
              <p className="demo-label" title="This host runs on 127.0.0.1 with the demo line: extensions without a password are demo agents">
                Demo: any new extension signs in without a password on this computer.
              </p>
            </>
          )}
          <button type="submit" disabled={busy || connection !== 'open' || resuming}>
            {resuming ? 'Resuming…' : connection === 'open' ? 'Sign in' : 'Connecting…'}
          </button>
          <ErrorAlert error={error} />
        </form>
        <TakeOverPrompt />
        <PhoneSettings />
      </div>
    </main>
  );
}

/** The extension is live on another desk: take over (that desk is signed out and stops ringing) or leave it. */
function TakeOverPrompt() {
  const offer = useSession((s) => s.takeOverOffer);
  const confirm = useSession((s) => s.confirmTakeOver);
  const cancel = useSession((s) => s.cancelTakeOver);
  const busy = useSession((s) => s.busy);
  if (offer === null) return null;
  return (
    <section className="take-over" role="alertdialog" aria-labelledby="take-over-title" aria-describedby="take-over-text">
      <h2 id="take-over-title">Extension {offer.extension} is signed in on another desk</h2>
      <p id="take-over-text">Take over here? That desk is signed out at once, told why, and stops ringing.</p>
      <div className="actions">
        <button type="button" onClick={() => void confirm()} disabled={busy} autoFocus>
          Take over
        </button>
        <button type="button" className="link" onClick={cancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
