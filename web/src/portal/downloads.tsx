import { useEffect, useState } from 'preact/hooks';
import { useT } from './i18n-context';

/**
 * The report as a file (the answer exactly as the server gave it) and as paper or PDF through the
 * browser's print dialog (the print style sheet drops the page furniture). The proof bundle and the
 * evidence certificate are the sealing unit's to hand out; the page says so.
 */
export function Downloads({ answer, fileName }: { answer: unknown; fileName: string }) {
  const { t } = useT();
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(answer, null, 2)], { type: 'application/json' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [answer]);
  return (
    <section class="downloads" aria-labelledby="downloads-title">
      <h3 id="downloads-title">{t('downloads')}</h3>
      <ul>
        <li>
          <a href={href} download={`${fileName.replace(/\.[^.]*$/, '')}-verification.json`} data-download="report">
            {t('downloadReport')}
          </a>
        </li>
        <li>
          <button type="button" onClick={() => window.print()}>
            {t('printReport')}
          </button>
        </li>
      </ul>
      <p>{t('bundleNote')}</p>
    </section>
  );
}
