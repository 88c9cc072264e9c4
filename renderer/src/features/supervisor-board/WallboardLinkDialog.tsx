import { useState, type FormEvent } from 'react';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { wallboardUrl } from '../wallboard';
import { Modal } from './Modal';
import { humanError } from '../../i18n';

/** Creates a read-only wallboard token (shown once) and the link a TV opens. */
export function WallboardLinkDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const [label, setLabel] = useState('Floor TV');
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
      setError('Copying was not allowed: select the link and copy it yourself.');
    }
  }

  return (
    <Modal title="Wallboard link" onClose={onClose}>
      {url === null ? (
        <form className="state-form" onSubmit={(e) => void create(e)} aria-label="Create a wallboard link">
          <p className="muted">A read-only link for a screen on the floor: it shows the board and can do nothing else.</p>
          <label className="field">
            Screen name
            <input required maxLength={60} value={label} onChange={(e) => setLabel(e.target.value)} data-autofocus="" />
          </label>
          <ErrorAlert error={error} />
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={label.trim() === ''}>
              Create link
            </button>
          </div>
        </form>
      ) : (
        <div className="state-form">
          <p>
            {served
              ? 'Open this link on the wallboard screen. It is shown only now: copy it before closing.'
              : 'The wallboard token (shown only now). On the screen, open the Frontline server address followed by #/wallboard?token= and this token.'}
          </p>
          <label className="field">
            {served ? 'Wallboard link' : 'Wallboard token'}
            <input readOnly value={url} onFocus={(e) => e.target.select()} data-autofocus="" data-testid="wallboard-url" />
          </label>
          <ErrorAlert error={error} />
          <div className="modal-actions">
            <span role="status" className="muted">
              {copied ? 'Copied.' : ''}
            </span>
            <button type="button" onClick={() => void copy()}>
              Copy
            </button>
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
