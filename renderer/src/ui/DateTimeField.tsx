import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n';
import { formatLocalDateTime, localDateTimePattern, nativeDateTimeValue, parseLocalDateTime } from './local-date-time';

/**
 * A date and time written in the app's locale (not the browser's, which the native datetime-local
 * input follows): a text field in the locale's order with its pattern as the hint, and a button that
 * opens the native picker only to pick — what it picks is written back in the app's format.
 */
export function DateTimeField({ label, value, onChange }: { label: string; value: number | null; onChange: (epochMs: number | null) => void }) {
  const { t } = useTranslation();
  const locale = intlLocale();
  const [text, setText] = useState(() => (value === null ? '' : formatLocalDateTime(value, locale)));
  const [invalid, setInvalid] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const pattern = localDateTimePattern(locale, {
    day: t('wrapUp.dateLetters.day'),
    month: t('wrapUp.dateLetters.month'),
    year: t('wrapUp.dateLetters.year'),
    hour: t('wrapUp.dateLetters.hour'),
    minute: t('wrapUp.dateLetters.minute'),
  });

  const typed = (next: string): void => {
    setText(next);
    const ms = parseLocalDateTime(next, locale);
    setInvalid(ms === null);
    onChange(ms ?? null);
  };
  const picked = (native: string): void => {
    const ms = native === '' ? null : new Date(native).getTime();
    if (ms !== null && !Number.isFinite(ms)) return;
    setText(ms === null ? '' : formatLocalDateTime(ms, locale));
    setInvalid(false);
    onChange(ms);
  };
  const openPicker = (): void => {
    const input = picker.current;
    if (input === null) return;
    input.value = value === null ? '' : nativeDateTimeValue(value);
    try {
      input.showPicker();
    } catch {
      input.focus();
    }
  };

  return (
    <div className="field date-time-field">
      <label htmlFor={`${hintId}-text`}>{label}</label>
      <span className="date-time-input">
        <input
          id={`${hintId}-text`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={text}
          placeholder={pattern}
          aria-invalid={invalid}
          aria-describedby={invalid ? hintId : undefined}
          onChange={(e) => typed(e.target.value)}
        />
        <button type="button" className="date-time-pick" aria-label={t('wrapUp.callbackPick')} title={t('wrapUp.callbackPick')} onClick={openPicker}>
          {/* A drawn calendar: an emoji needs a font the agent's machine may not have. */}
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5">
            <rect x="1.75" y="3" width="12.5" height="11" rx="1.5" />
            <path d="M1.75 6.5h12.5M5 1.5v3M11 1.5v3" />
          </svg>
        </button>
        <input ref={picker} type="datetime-local" className="date-time-native" tabIndex={-1} aria-hidden="true" onChange={(e) => picked(e.target.value)} />
      </span>
      {invalid && (
        <small id={hintId} className="field-error" role="alert">
          {t('wrapUp.callbackInvalid', { pattern })}
        </small>
      )}
    </div>
  );
}
