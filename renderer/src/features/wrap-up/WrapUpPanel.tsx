import { useTranslation } from 'react-i18next';
import { memo, useMemo } from 'react';
import type { WrapUp, WrapUpFields } from '../../../../shared/contract/schemas/wrap-up';
import { useSession } from '../session';
import { useWrapUp } from './use-wrap-up';
import { DateTimeField } from '../../ui/DateTimeField';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useShortcuts } from '../../ui/use-shortcuts';
import { NextStatePicker } from './NextStatePicker';
import { TagInput } from './TagInput';

const OFFER_OUTCOMES: readonly NonNullable<WrapUpFields['offerOutcome']>[] = ['accepted', 'declined', 'not-presented'];

/**
 * After-call work: disposition (number keys), resolved (Y / N), notes, offer outcome, callback,
 * soft data tags. Saved as typed; S (or Ctrl+Enter in a field) submits. Memoised (it takes no props):
 * a ringing call re-renders the desk around it, and the form (still open from the last call) has
 * nothing to do with the pop that frame must paint.
 */
export const WrapUpPanel = memo(function WrapUpPanel() {
  const item = useWrapUp((s) => s.items[0]);
  if (item === undefined) return null;
  return <WrapUpForm key={item.callId} item={item} />;
});

/** How many more wrap-ups wait behind this one: its own leaf, so another call ending does not render the form again. */
function MoreWaiting() {
  const { t } = useTranslation();
  const more = useWrapUp((s) => s.items.length - 1);
  return more > 0 ? <span className="muted">{t('wrapUp.moreWaiting', { count: more })}</span> : null;
}

function WrapUpForm({ item }: { item: WrapUp }) {
  const { t } = useTranslation();
  const draft = useWrapUp((s) => s.drafts[item.callId]);
  const edit = useWrapUp((s) => s.edit);
  const submit = useWrapUp((s) => s.submit);
  const extend = useWrapUp((s) => s.extend);
  const submitting = useWrapUp((s) => s.submitting);
  const error = useWrapUp((s) => s.error);
  const agentState = useSession((s) => s.status?.state);
  const now = useNow();
  const f = draft?.fields;
  const set = (patch: Partial<WrapUpFields>) => edit(item.callId, patch);

  const shortcuts = useMemo(() => {
    const id = item.callId;
    const keys: Record<string, () => void> = {
      S: () => void submit(id),
      'Ctrl+Enter': () => void submit(id),
      Y: () => edit(id, { resolved: true }),
      N: () => edit(id, { resolved: false }),
      'Alt+X': () => void extend(id),
    };
    item.dispositions.slice(0, 9).forEach((d, i) => (keys[String(i + 1)] = () => edit(id, { dispositionCode: d.code })));
    return keys;
  }, [item.callId, item.dispositions, submit, extend, edit]);
  useShortcuts(shortcuts);
  if (f === undefined || draft === undefined) return null;

  const acwRunning = item.endedAt === null && agentState === 'wrap-up';
  const since = item.callEndedAt ?? now;
  const left = item.deadline === null ? null : item.deadline - now;
  const saved = draft.revision === draft.savedRevision;

  return (
    <form
      className="wrap-up card"
      aria-labelledby="wrap-up-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(item.callId);
      }}
    >
      <header className="wrap-up-head">
        <h2 id="wrap-up-title">
          {t('wrapUp.title')} <span className="muted">· {item.caller ?? t('wrapUp.unknownCaller')}</span>
        </h2>
        <span className="timer" role="timer" aria-label={t('wrapUp.acwTimer')}>
          {acwRunning ? t('wrapUp.acw', { duration: formatDuration(now - since) }) : t('wrapUp.acwEnded')}
        </span>
        {acwRunning && left !== null && (
          <span className={left < 10_000 ? 'warn' : 'muted'}>
            {t('wrapUp.readyIn', { duration: formatDuration(left) })}{' '}
            <button type="button" onClick={() => void extend(item.callId)} aria-keyshortcuts="Alt+X">
              {t('wrapUp.extend')} <kbd translate="no">Alt</kbd>+<kbd translate="no">X</kbd>
            </button>
          </span>
        )}
        <MoreWaiting />
      </header>

      <fieldset className="dispositions">
        <legend>{t('wrapUp.disposition')}</legend>
        {item.dispositions.map((d, i) => (
          <label key={d.code} className="choice">
            <input type="radio" name="disposition" checked={f.dispositionCode === d.code} onChange={() => set({ dispositionCode: d.code })} />
            {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>} {d.label}
          </label>
        ))}
      </fieldset>

      <fieldset className="inline-choices">
        <legend>{t('wrapUp.resolved')}</legend>
        <label className="choice">
          <input type="radio" name="resolved" checked={f.resolved === true} onChange={() => set({ resolved: true })} /> {t('wrapUp.yes')} <kbd aria-hidden="true">Y</kbd>
        </label>
        <label className="choice">
          <input type="radio" name="resolved" checked={f.resolved === false} onChange={() => set({ resolved: false })} /> {t('wrapUp.no')} <kbd aria-hidden="true">N</kbd>
        </label>
      </fieldset>

      {f.offerCode !== null && (
        <fieldset className="inline-choices">
          <legend>{t('wrapUp.offer', { code: f.offerCode })}</legend>
          {OFFER_OUTCOMES.map((o) => (
            <label key={o} className="choice">
              <input type="radio" name="offer" checked={f.offerOutcome === o} onChange={() => set({ offerOutcome: o })} /> {t(`wrapUp.offerOutcome.${o}`)}
            </label>
          ))}
        </fieldset>
      )}

      <label className="field">
        {t('wrapUp.notes')}
        <textarea value={f.notes} maxLength={4000} rows={3} onChange={(e) => set({ notes: e.target.value })} />
      </label>

      <div className="wrap-up-row">
        <DateTimeField label={t('wrapUp.callback')} value={f.callbackAt} onChange={(callbackAt) => set({ callbackAt })} />
        <TagInput tags={f.tags} onChange={(tags) => set({ tags })} />
      </div>

      <footer className="wrap-up-foot">
        <NextStatePicker />
        <span className="muted" role="status" aria-live="polite">
          {saved ? t('wrapUp.saved') : t('wrapUp.saving')}
        </span>
        <button type="submit" className="primary" disabled={submitting} aria-keyshortcuts="S Control+Enter">
          {t('wrapUp.submit')} <kbd translate="no">S</kbd>
        </button>
      </footer>
      <ErrorAlert error={error} />
    </form>
  );
}
