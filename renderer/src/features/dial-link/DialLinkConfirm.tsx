import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { dialTarget, parseDialLink } from '../../../../shared/domain/dial-link';
import { useSession } from '../session';
import { useSoftphone } from '../softphone';
import { Modal } from '../supervisor-board';
import type { DialLinkInbox } from './dial-link-inbox';

/**
 * A dial link from another application, read and shown for the agent to confirm: nothing is
 * dialled without a click (or Enter) here. A link Frontline cannot call says why.
 */
export function DialLinkConfirm({ inbox }: { inbox: DialLinkInbox }) {
  const { t } = useTranslation();
  const link = useStore(inbox, (s) => s.link);
  const dismiss = useStore(inbox, (s) => s.dismiss);
  const region = useSession((s) => s.settings?.defaultRegion ?? 'GB');
  const dial = useSoftphone((s) => s.dial);
  if (link === null) return null;
  const parsed = parseDialLink(link, region);
  if (!parsed.ok) {
    return (
      <Modal title={t('dial.refusedTitle')} onClose={dismiss}>
        <p role="alert" data-testid="dial-link-refused" data-reason={parsed.reason}>
          {t(`dial.refused.${parsed.reason}`)}
        </p>
        <div className="modal-actions">
          <button type="button" data-autofocus onClick={dismiss}>
            {t('dial.close')}
          </button>
        </div>
      </Modal>
    );
  }
  const request = parsed.request;
  return (
    <Modal title={t('dial.confirmTitle')} onClose={dismiss}>
      <form
        data-testid="dial-link-confirm"
        onSubmit={(e) => {
          e.preventDefault();
          dismiss();
          void dial(dialTarget(request));
        }}
      >
        <p>{t('dial.confirmBody')}</p>
        <p className="dial-link-number" data-target={dialTarget(request)}>
          {request.display}
        </p>
        <div className="modal-actions">
          <button type="submit" className="answer" data-autofocus>
            {t('dial.call')}
          </button>
          <button type="button" onClick={dismiss}>
            {t('dial.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
