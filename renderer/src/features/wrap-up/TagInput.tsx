import { useTranslation } from 'react-i18next';
import { useState } from 'react';

const MAX_TAGS = 12;
const MAX_TAG = 40;

/** Free "soft data" about the customer (prefers email, hard of hearing, upset about delivery): shown on their next pop. */
export function TagInput({ tags, onChange }: { tags: readonly string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  function add(): void {
    const tag = text.trim().slice(0, MAX_TAG);
    if (tag !== '' && !tags.includes(tag) && tags.length < MAX_TAGS) onChange([...tags, tag]);
    setText('');
  }
  return (
    <div className="field tags-field">
      <label htmlFor="wrap-up-tag">{t('wrapUp.aboutCustomer')}</label>
      <ul className="soft-tags" aria-label={t('wrapUp.tags')}>
        {tags.map((tag) => (
          <li key={tag} className="tag">
            {tag}{' '}
            <button type="button" className="link" aria-label={t('wrapUp.removeTag', { tag })} onClick={() => onChange(tags.filter((x) => x !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id="wrap-up-tag"
        value={text}
        maxLength={MAX_TAG}
        placeholder={t('wrapUp.tagPlaceholder')}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.ctrlKey) {
            e.preventDefault();
            add();
          }
        }}
        onBlur={add}
      />
    </div>
  );
}
