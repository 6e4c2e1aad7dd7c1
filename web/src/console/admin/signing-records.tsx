import { formatTime, type Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { kindName } from '../names';
import type { RecordRow } from './types';

/** 签章记录: the unit's signatures, newest first, with the ledger anchor's state. */
export function SigningRecords({ records, t, lang }: { records: RecordRow[]; t: ConsoleTranslate; lang: Lang }) {
  if (records.length === 0) return <p>{t('noRecords')}</p>;
  return (
    <table>
      <caption>{t('recordsTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('signedAt')}</th>
          <th scope="col">{t('sealCode')}</th>
          <th scope="col">{t('sealKind')}</th>
          <th scope="col">{t('signer')}</th>
          <th scope="col">{t('pages')}</th>
          <th scope="col">{t('anchorState')}</th>
          <th scope="col">{t('signedSm3')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.recordId} data-record={r.recordId} data-anchor={r.anchor.state}>
            <td>{formatTime(r.signedAt, lang)}</td>
            <td class="code">{r.sealCode}</td>
            <td>{kindName(r.sealKind, lang)}</td>
            <td>{r.signerId}</td>
            <td>{r.pages.join(', ')}</td>
            <td>{r.anchor.state === 'ANCHORED' ? t('anchored') : t('notAnchoredYet')}</td>
            <td class="code">{r.documentSm3After.slice(0, 16)}…</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
