import { formatTime, type Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import type { Filing } from './types';

/** Filings (备案) with public security: owed, acknowledged, failed, with attempts and the last error. */
export function FilingsTable({ filings, t, lang }: { filings: Filing[]; t: ConsoleTranslate; lang: Lang }) {
  if (filings.length === 0) return <p>{t('noFilings')}</p>;
  return (
    <table>
      <caption>{t('filingsTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('seal')}</th>
          <th scope="col">{t('filingAction')}</th>
          <th scope="col">{t('filingState')}</th>
          <th scope="col">{t('attempts')}</th>
          <th scope="col">{t('filedAt')}</th>
          <th scope="col">{t('lastError')}</th>
        </tr>
      </thead>
      <tbody>
        {filings.map((f) => (
          <tr key={f.filingId} data-filing={f.sealId} data-state={f.state}>
            <td class="code">{f.sealId}</td>
            <td>{f.action}</td>
            <td>{t(`filing_${f.state}`)}</td>
            <td>{f.attempts}</td>
            <td>{f.filedAt ? formatTime(f.filedAt, lang) : '—'}</td>
            <td>{f.lastError ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
