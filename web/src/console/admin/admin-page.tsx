import { useEffect, useState } from 'preact/hooks';
import { callApi } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { Accounts } from './accounts';
import { ApiKeys } from './api-keys';
import { ApplyForm } from './apply-form';
import { CustodianForm } from './custodian-form';
import { SealsTable } from './seals-table';
import { SigningRecords } from './signing-records';
import type { RecordRow, SealRow } from './types';

/**
 * The unit administrator's page (单位管理员): apply for seals, the unit's seals and their custodians,
 * accounts, API keys and signing records, all through the API in the administrator's session.
 */
export function AdminPage({ t, lang, unitId }: { t: ConsoleTranslate; lang: Lang; unitId: string }) {
  const [seals, setSeals] = useState<SealRow[]>();
  const [records, setRecords] = useState<RecordRow[]>();
  const unit = encodeURIComponent(unitId);
  const reloadSeals = () =>
    callApi<{ items: SealRow[] }>(`/seals?unitId=${unit}&limit=100`).then(
      (s) => setSeals(s.items),
      () => setSeals([]),
    );
  useEffect(() => {
    void reloadSeals();
    callApi<{ items: RecordRow[] }>(`/signatures?unitId=${unit}&limit=50`).then(
      (r) => setRecords(r.items),
      () => setRecords([]),
    );
  }, []);
  return (
    <section aria-labelledby="admin-title">
      <h2 id="admin-title">{t('adminTitle')}</h2>
      <nav aria-label={t('adminTitle')}>
        <ul class="inline-links">
          <li>
            <a href="#apply-title">{t('applyTitle')}</a>
          </li>
          <li>
            <a href="#seals-title">{t('sealsTitle')}</a>
          </li>
          <li>
            <a href="#accounts-title">{t('accountsTitle')}</a>
          </li>
          <li>
            <a href="#keys-title">{t('keysTitle')}</a>
          </li>
          <li>
            <a href="#records-title">{t('recordsTitle')}</a>
          </li>
        </ul>
      </nav>
      <ApplyForm t={t} lang={lang} unitId={unitId} onApplied={() => void reloadSeals()} />
      <section aria-labelledby="seals-title">
        <h3 id="seals-title">{t('sealsTitle')}</h3>
        {seals === undefined ? <p>{t('loading')}</p> : <SealsTable seals={seals} t={t} lang={lang} />}
        {seals ? <CustodianForm t={t} seals={seals} onChanged={() => void reloadSeals()} /> : null}
      </section>
      <Accounts t={t} unitId={unitId} />
      <ApiKeys t={t} lang={lang} unitId={unitId} />
      <section aria-labelledby="records-title">
        <h3 id="records-title">{t('recordsTitle')}</h3>
        {records === undefined ? <p>{t('loading')}</p> : <SigningRecords records={records} t={t} lang={lang} />}
      </section>
    </section>
  );
}
