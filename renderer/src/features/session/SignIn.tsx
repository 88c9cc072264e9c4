import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { useSession } from './use-session';
import { PhoneSettings } from '../phone-settings';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function SignIn() {
  const { t } = useTranslation();
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
          <p className="muted">{t('signIn.intro')}</p>
          {notice !== null && (
            <p className="notice" role="alert">
              {notice}
            </p>
          )}
          <label>
            {t('signIn.extension')}
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
            {t('signIn.password')} {quickStart && <span className="muted">{t('signIn.passwordDemo')}</span>}
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
                {t('signIn.name')} <span className="muted">{t('signIn.nameDemo')}</span>
                <input name="name" autoComplete="name" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
              </label>
              <p className="demo-label" title={t('signIn.demoTitle')}>
                {t('signIn.demo')}
              </p>
            </>
          )}
          <button type="submit" disabled={busy || connection !== 'open' || resuming}>
            {resuming ? t('signIn.resuming') : connection === 'open' ? t('signIn.submit') : t('signIn.connecting')}
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
  const { t } = useTranslation();
  const offer = useSession((s) => s.takeOverOffer);
  const confirm = useSession((s) => s.confirmTakeOver);
  const cancel = useSession((s) => s.cancelTakeOver);
  const busy = useSession((s) => s.busy);
  if (offer === null) return null;
  return (
    <section className="take-over" role="alertdialog" aria-labelledby="take-over-title" aria-describedby="take-over-text">
      <h2 id="take-over-title">{t('signIn.takeOverTitle', { extension: offer.extension })}</h2>
      <p id="take-over-text">{t('signIn.takeOverText')}</p>
      <div className="actions">
        <button type="button" onClick={() => void confirm()} disabled={busy} autoFocus>
          {t('signIn.takeOver')}
        </button>
        <button type="button" className="link" onClick={cancel}>
          {t('signIn.cancel')}
        </button>
      </div>
    </section>
  );
}
