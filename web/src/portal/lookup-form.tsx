import { useState } from 'preact/hooks';
import { useT } from './i18n-context';
import type { LookupBy } from './types';

const KINDS: LookupBy[] = ['sm3', 'evidenceNumber', 'certificateNumber', 'txId'];

export function LookupForm({ onLookup, disabled }: { onLookup: (by: LookupBy, value: string) => void; disabled: boolean }) {
  const { t } = useT();
  const [by, setBy] = useState<LookupBy>('sm3');
  const [value, setValue] = useState('');
  return (
    <section aria-labelledby="lookup-title">
      <h2 id="lookup-title">{t('lookupTitle')}</h2>
      <form
        class="lookup"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = value.trim();
          if (trimmed) onLookup(by, trimmed);
        }}
      >
        <label for="lookup-by">{t('lookupBy')}</label>
        <select id="lookup-by" value={by} onChange={(e) => setBy(e.currentTarget.value as LookupBy)}>
          {KINDS.map((kind) => (
            <option value={kind} key={kind}>
              {t(`by_${kind}`)}
            </option>
          ))}
        </select>
        <label for="lookup-value">{t('lookupValue')}</label>
        <input id="lookup-value" type="text" required maxLength={200} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit" disabled={disabled}>
          {t('lookupSubmit')}
        </button>
      </form>
    </section>
  );
}
