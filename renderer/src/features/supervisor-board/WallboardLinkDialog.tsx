import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { wallboardUrl } from '../wallboard';
import { Modal } from './Modal';
import { humanError } from '../../i18n';

/** Creates a read-only wallboard token (shown once) and the link a TV opens. */
export function WallboardLinkDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [label, setLabel] = useState<string>(() => t('wallboardLink.defaultName'));
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const served = window.location.protocol === 'http:' || window.location.protocol === 'https:';

  async function create(e: FormEvent): Promise<void> {
    e.preventDefault();
    const r = await api.call('wallboard.createToken', { label });
    if (!r.ok) return setError(humanError(r.error));
    setError(null);
    setUrl(served ? wallboardUrl(window.location.href, r.value.token) : r.value.token);
  }

  async function copy(): Promise<void> {
    if (url === null) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setError(t('wallboardLink.copyRefused'));
    }
  }

  return (
    <Modal title={t('wallboardLink.title')} onClose={onClose}>
      {url === null ? (
        <form className="state-form" onSubmit={(e) => void create(e)} aria-label={t('wallboardLink.formLabel')}>
          <p className="muted">{t('wallboardLink.intro')}</p>
          <label className="field">
            {t('wallboardLink.screenName')}
            <input required maxLength={60} value={label} onChange={(e) => setLabel(e.target.value)} data-autofocus="" />
          </label>
          <ErrorAlert error={error} />
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              {t('wallboardLink.cancel')}
            </button>
            <button type="submit" className="primary" disabled={label.trim() === ''}>
              {t('wallboardLink.create')}
            </button>
          </div>
        </form>
      ) : (
        <div className="state-form">
          <p>
            {served ? t('wallboardLink.openThis') : t('wallboardLink.tokenOnly')}
          </p>
          <label className="field">
            {served ? t('wallboardLink.link') : t('wallboardLink.token')}
            <input readOnly value={url} onFocus={(e) => e.target.select()} data-autofocus="" data-testid="wallboard-url" />
          </label>
          <ErrorAlert error={error} />
          <div className="modal-actions">
            <span role="status" className="muted">
              {copied ? t('wallboardLink.copied') : ''}
            </span>
            <button type="button" onClick={() => void copy()}>
              {t('wallboardLink.copy')}
            </button>
            <button type="button" className="primary" onClick={onClose}>
              {t('wallboardLink.done')}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
