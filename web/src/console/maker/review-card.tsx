import { useState } from 'preact/hooks';
import { postJson } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { ConsoleTranslate } from '../console';
import { kindName } from '../names';
import { ApplicationFacts } from './application-facts';
import { failure } from './failure';
import type { Application } from './types';

/** One application waiting for review: its materials, then approve, or reject with a reason. */
export function ReviewCard(props: { application: Application; t: ConsoleTranslate; lang: Lang; onReviewed: (a: Application) => void }) {
  const { application: a, t, lang, onReviewed } = props;
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const review = (body: object) =>
    postJson<Application>(`/seal-applications/${encodeURIComponent(a.applicationId)}/review`, body).then(onReviewed, (error) =>
      setProblem(failure(t, error)),
    );
  const headingId = `application-${a.applicationId}`;
  return (
    <article class="signature" aria-labelledby={headingId} data-application={a.applicationId}>
      <h4 id={headingId}>
        {a.displayName} · {kindName(a.kind, lang)}
      </h4>
      <ApplicationFacts application={a} t={t} lang={lang} />
      <div class="lookup">
        <button type="button" data-action="approve-application" onClick={() => void review({ decision: 'APPROVE' })}>
          {t('approveApplication')}
        </button>
        <label for={`reject-${a.applicationId}`}>{t('rejectReason')}</label>
        <textarea id={`reject-${a.applicationId}`} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        <button
          type="button"
          data-action="reject-application"
          onClick={() => (reason.trim() ? void review({ decision: 'REJECT', reason: reason.trim() }) : setProblem(t('reasonRequired')))}
        >
          {t('rejectApplication')}
        </button>
      </div>
      {problem ? (
        <p role="alert" class="error">
          {problem}
        </p>
      ) : null}
    </article>
  );
}
