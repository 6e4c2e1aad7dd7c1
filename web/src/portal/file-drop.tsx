import { useState } from 'preact/hooks';
import { useT } from './i18n-context';

/**
 * Drop a file or choose one. The native file input is the control (keyboard and screen readers know
 * it); dropping anywhere on the region does the same.
 */
export function FileDrop({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const { t } = useT();
  const [over, setOver] = useState(false);
  return (
    <section
      class={over ? 'drop drop-over' : 'drop'}
      aria-labelledby="drop-title"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer?.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <h2 id="drop-title">{t('dropTitle')}</h2>
      <p>
        {t('dropHint')}{' '}
        <label class="button" for="file-input">
          {t('chooseFile')}
        </label>
      </p>
      <input
        id="file-input"
        class="visually-hidden-input"
        type="file"
        accept=".pdf,.ofd,.json,application/pdf,application/json"
        disabled={disabled}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (file) onFile(file);
          input.value = ''; // the same file again is a new check
        }}
      />
    </section>
  );
}
