import { formatTime, type Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { kindName } from '../names';
import type { SealRow } from './types';

/** The unit's seals: kind, code, state, custodian and validity; the custodian form below changes hands. */
export function SealsTable({ seals, t, lang }: { seals: SealRow[]; t: ConsoleTranslate; lang: Lang }) {
  if (seals.length === 0) return <p>{t('noSeals')}</p>;
  return (
    <table>
      <caption>{t('sealsTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('sealName')}</th>
          <th scope="col">{t('sealKind')}</th>
          <th scope="col">{t('sealCode')}</th>
          <th scope="col">{t('sealStatus')}</th>
          <th scope="col">{t('custodian')}</th>
          <th scope="col">{t('validUntil')}</th>
        </tr>
      </thead>
      <tbody>
        {seals.map((s) => (
          <tr key={s.sealId} data-seal={s.sealId} data-status={s.status}>
            <td>{s.sealName}</td>
            <td>{kindName(s.kind, lang)}</td>
            <td class="code">{s.sealCode}</td>
            <td>{t(`status_${s.status}` as Parameters<ConsoleTranslate>[0])}</td>
            <td>{s.custodian ? s.custodian.name : '—'}</td>
            <td>{s.certificate ? formatTime(s.certificate.notAfter, lang) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
