import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFirstRun } from './use-first-run';

/** The desktop's first start (ADR 0038): this computer on its own (demo data), or a team server's address. */
export function FirstRun() {
  const { t } = useTranslation();
  const phase = useFirstRun((s) => s.phase);
  const busy = useFirstRun((s) => s.busy);
  const urlProblem = useFirstRun((s) => s.urlProblem);
  const refusal = useFirstRun((s) => s.refusal);
  const chooseThisComputer = useFirstRun((s) => s.chooseThisComputer);
  const chooseServer = useFirstRun((s) => s.chooseServer);
  const [mode, setMode] = useState<Mode>('embedded');
  const [url, setUrl] = useState('');
  const [pin, setPin] = useState('');

  function submit(e: FormEvent): void {
    e.preventDefault();
    void (mode === 'embedded' ? chooseThisComputer() : chooseServer(url, pin));
  }

  if (phase === 'restarting') {
    return (
      <main className="sign-in">
        <p role="status">{t('firstRun.restarting')}</p>
      </main>
    );
  }
  const problem = urlProblem === null ? null : t(`firstRun.urlProblem.${urlProblem}`);
  return (
    <main className="sign-in first-run">
      <form onSubmit={submit} aria-labelledby="first-run-title" noValidate>
        <h1 id="first-run-title">{t('firstRun.title')}</h1>
        <p className="muted">{t('firstRun.intro')}</p>
        <fieldset>
          <legend>{t('firstRun.where')}</legend>
          <Choice value="embedded" mode={mode} setMode={setMode} title={t('firstRun.thisComputer')} text={t('firstRun.thisComputerText')} />
          <Choice value="server" mode={mode} setMode={setMode} title={t('firstRun.teamServer')} text={t('firstRun.teamServerText')} />
        </fieldset>
        {mode === 'server' && (
          <>
            <label>
              {t('firstRun.url')}
              <input
                name="server-url"
                type="url"
                inputMode="url"
                placeholder={t('firstRun.urlPlaceholder')}
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                aria-invalid={problem !== null}
                aria-describedby={problem === null ? 'first-run-url-hint' : 'first-run-url-problem'}
                required
                autoFocus
              />
            </label>
            {problem === null ? (
              <p id="first-run-url-hint" className="muted">
                {t('firstRun.urlHint')}
              </p>
            ) : (
              <p id="first-run-url-problem" className="field-error" role="alert">
                {problem}
              </p>
            )}
            <label>
              {t('firstRun.pin')} <span className="muted">{t('firstRun.optional')}</span>
              <input name="pinned-certificate" value={pin} onChange={(e) => setPin(e.target.value)} placeholder={t('firstRun.pinPlaceholder')} />
            </label>
          </>
        )}
        <button type="submit" disabled={busy}>
          {mode === 'embedded' ? t('firstRun.startHere') : t('firstRun.connect')}
        </button>
        {refusal !== null && (
          <p className="field-error" role="alert">
            {t('firstRun.refused', { reason: refusal })}
          </p>
        )}
      </form>
    </main>
  );
}

type Mode = 'embedded' | 'server';

/** One of the two places Frontline can be, as a radio with its explanation. */
function Choice({ value, mode, setMode, title, text }: { value: Mode; mode: Mode; setMode: (m: Mode) => void; title: string; text: string }) {
  return (
    <label className="choice">
      <input type="radio" name="core" value={value} checked={mode === value} onChange={() => setMode(value)} />
      <span>
        <strong>{title}</strong>
        <span className="muted">{text}</span>
      </span>
    </label>
  );
}
