import { useEffect, useState } from 'preact/hooks';
import { ApiError, callApi, postJson } from '../shared/api';
import { formatTime, type Lang } from '../shared/i18n';
import type { ConsoleTranslate } from './console';

interface UseRequest {
  id: string;
  sealId: string;
  documentSm3: string;
  purpose: string;
  requesterId: string;
  state: string;
  createdAt: string;
}

/** The approver's inbox: pending 用章 requests of their unit, each approved or rejected with a reason. */
export function Inbox({ t, lang }: { t: ConsoleTranslate; lang: Lang }) {
  const [requests, setRequests] = useState<UseRequest[]>();
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  useEffect(() => {
    callApi<{ items: UseRequest[] }>('/seal-use-requests?state=PENDING').then(
      (answer) => setRequests(answer.items),
      () => setRequests([]),
    );
  }, []);
  const decide = async (request: UseRequest, approve: boolean, reason: string) => {
    try {
      await postJson(
        `/seal-use-requests/${encodeURIComponent(request.id)}/${approve ? 'approve' : 'reject'}`,
        approve ? {} : { note: reason },
      );
      setOutcomes({ ...outcomes, [request.id]: approve ? t('approved') : t('rejected') });
    } catch (error) {
      setOutcomes({ ...outcomes, [request.id]: t('failed', { code: error instanceof ApiError ? error.code : 'NETWORK' }) });
    }
  };
  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('inboxTitle')}</h2>
      {requests === undefined ? <p>{t('loading')}</p> : requests.length === 0 ? <p>{t('inboxEmpty')}</p> : null}
      {(requests ?? []).map((request) => (
        <RequestCard key={request.id} request={request} t={t} lang={lang} outcome={outcomes[request.id]} onDecide={decide} />
      ))}
    </section>
  );
}

function RequestCard(props: {
  request: UseRequest;
  t: ConsoleTranslate;
  lang: Lang;
  outcome?: string;
  onDecide: (request: UseRequest, approve: boolean, reason: string) => Promise<void>;
}) {
  const { request, t, lang, outcome, onDecide } = props;
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const reasonId = `reason-${request.id}`;
  const headingId = `request-${request.id}`;
  return (
    <article class="signature" aria-labelledby={headingId} data-request={request.id}>
      <h3 id={headingId}>{request.purpose}</h3>
      <dl class="facts">
        <dt>{t('seal')}</dt>
        <dd class="code">{request.sealId}</dd>
        <dt>{t('document')}</dt>
        <dd class="code">{request.documentSm3}</dd>
        <dt>{t('requester')}</dt>
        <dd>{request.requesterId}</dd>
        <dt>{t('requestedAt')}</dt>
        <dd>{formatTime(request.createdAt, lang)}</dd>
      </dl>
      {outcome ? (
        <p role="status" data-outcome>
          {outcome}
        </p>
      ) : (
        <div class="lookup">
          <button type="button" data-action="approve" onClick={() => void onDecide(request, true, '')}>
            {t('approve')}
          </button>
          <label for={reasonId}>{t('reason')}</label>
          <textarea
            id={reasonId}
            maxLength={500}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
            aria-invalid={missingReason}
          />
          {missingReason ? <p role="alert">{t('reasonRequired')}</p> : null}
          <button
            type="button"
            data-action="reject"
            onClick={() => {
              if (!reason.trim()) return setMissingReason(true);
              void onDecide(request, false, reason.trim());
            }}
          >
            {t('reject')}
          </button>
        </div>
      )}
    </article>
  );
}
