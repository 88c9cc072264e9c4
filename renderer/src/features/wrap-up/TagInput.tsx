import { useState } from 'react';

const MAX_TAGS = 12;
const MAX_TAG = 40;

/** Free "soft data" about the customer (prefers email, hard of hearing, upset about delivery): shown on their next pop. */
export function TagInput({ tags, onChange }: { tags: readonly string[]; onChange: (tags: string[]) => void }) {
  const [text, setText] = useState('');
  function add(): void {
    const tag = text.trim().slice(0, MAX_TAG);
    if (tag !== '' && !tags.includes(tag) && tags.length < MAX_TAGS) onChange([...tags, tag]);
    setText('');
  }
  return (
    <div className="field tags-field">
      <label htmlFor="wrap-up-tag">About the customer</label>
      <ul className="soft-tags" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="tag">
            {tag}{' '}
            <button type="button" className="link" aria-label={`Remove ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id="wrap-up-tag"
        value={text}
        maxLength={MAX_TAG}
        placeholder="e.g. prefers email — Enter adds"
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
