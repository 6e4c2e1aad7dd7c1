import { useEffect, useState } from 'preact/hooks';
import { callApi } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { FilingsTable } from './filings-table';
import { MakeCard } from './make-card';
import { ReviewCard } from './review-card';
import type { Application, Filing, MadeSeal } from './types';

const list = <T,>(path: string) => callApi<{ items: T[] }>(path).then((answer) => answer.items);

/**
 * The seal maker's page (制章): applications waiting for review with their materials, approved ones
 * to make, and the filing state of what was made. Every list is re-read after an action, so the page
 * shows what the server holds, not what it guessed.
 */
export function MakerPage({ t, lang }: { t: ConsoleTranslate; lang: Lang }) {
  const [waiting, setWaiting] = useState<Application[]>();
  const [approved, setApproved] = useState<Application[]>();
  const [filings, setFilings] = useState<Filing[]>();
  const [made, setMade] = useState<MadeSeal[]>([]);
  const reload = () => {
    list<Application>('/seal-applications?status=SUBMITTED&limit=50').then(setWaiting, () => setWaiting([]));
    list<Application>('/seal-applications?status=APPROVED&limit=50').then(setApproved, () => setApproved([]));
    list<Filing>('/filings?limit=50').then(setFilings, () => setFilings([]));
  };
  useEffect(reload, []);
  return (
    <section aria-labelledby="maker-title">
      <h2 id="maker-title">{t('makerTitle')}</h2>
      <h3>{t('waitingReview')}</h3>
      {waiting === undefined ? <p>{t('loading')}</p> : waiting.length === 0 ? <p>{t('noneWaiting')}</p> : null}
      {(waiting ?? []).map((a) => (
        <ReviewCard key={a.applicationId} application={a} t={t} lang={lang} onReviewed={reload} />
      ))}
      <h3>{t('toMake')}</h3>
      {approved === undefined ? <p>{t('loading')}</p> : approved.length === 0 ? <p>{t('noneToMake')}</p> : null}
      {(approved ?? []).map((a) => (
        <MakeCard
          key={a.applicationId}
          application={a}
          t={t}
          lang={lang}
          onMade={(seal) => {
            setMade([...made, seal]);
            reload();
          }}
        />
      ))}
      {made.map((seal) => (
        <p key={seal.sealId} role="status" data-made={seal.sealId}>
          {t('sealMade', { code: seal.sealCode })}
        </p>
      ))}
      <h3>{t('filingsTitle')}</h3>
      {filings === undefined ? <p>{t('loading')}</p> : <FilingsTable filings={filings} t={t} lang={lang} />}
    </section>
  );
}
