import { formatTime } from '../shared/i18n';
import { useT } from './i18n-context';
import { subjectParts } from './subject';
import { Timeline } from './timeline';
import type { PublicSignature } from './types';

const IMAGE_TYPES: Record<string, string> = { PNG: 'image/png', JPG: 'image/jpeg', JPEG: 'image/jpeg', GIF: 'image/gif', BMP: 'image/bmp' };

/** One signature as a person reads it: the imprint, who and what, when, its timeline and what changed after it. */
export function SignatureCard({ signature }: { signature: PublicSignature }) {
  const { t, lang } = useT();
  const subject = subjectParts(signature.signerSubject);
  const mime = signature.imprint ? IMAGE_TYPES[signature.imprint.type.toUpperCase()] : undefined;
  const headingId = `signature-${signature.index}`;
  return (
    <article class="signature" aria-labelledby={headingId} data-verdict={signature.verdict}>
      <h3 id={headingId}>
        {t('signatureHeading', { n: signature.index + 1 })} — {t(`verdict_${signature.verdict}`)}
      </h3>
      <div class="signature-body">
        {signature.imprint && mime ? (
          <img
            class="imprint"
            src={`data:${mime};base64,${signature.imprint.base64}`}
            alt={t('imprintAlt', { seal: signature.sealName ?? '' })}
            width={160}
            height={Math.round((160 * signature.imprint.heightMm) / Math.max(1, signature.imprint.widthMm))}
          />
        ) : null}
        <dl class="facts">
          <dt>{t('unit')}</dt>
          <dd data-fact="unit">{subject.O ?? '—'}</dd>
          <dt>{t('sealName')}</dt>
          <dd data-fact="sealName">{signature.sealName ?? '—'}</dd>
          <dt>{t('sealCode')}</dt>
          <dd data-fact="sealCode" class="code">
            {signature.sealCode ?? '—'}
          </dd>
          <dt>{t('sealId')}</dt>
          <dd data-fact="esID" class="code">
            {signature.esID ?? '—'}
          </dd>
          <dt>{t('signer')}</dt>
          <dd data-fact="signer">{subject.CN ?? '—'}</dd>
          <dt>{t('signedAt')}</dt>
          <dd data-fact="signedAt">{formatTime(signature.signingTime, lang)}</dd>
          <dt>{t('page')}</dt>
          <dd data-fact="page">{signature.page ? t('pageN', { n: signature.page }) : '—'}</dd>
        </dl>
      </div>
      <Timeline signature={signature} />
      <section aria-label={t('changes')}>
        <h4>{t('changes')}</h4>
        <p data-changes={signature.changesAfter.verdict}>{t(`changes_${signature.changesAfter.verdict}`)}</p>
        {signature.changesAfter.verdict === 'disallowed' ? (
          <ul class="changes">
            {signature.changesAfter.changes
              .filter((change) => !change.allowed)
              .map((change, i) => (
                <li key={i}>
                  {change.page
                    ? t('changeOnPage', { page: change.page, reason: change.reason })
                    : t('changeNoPage', { reason: change.reason })}
                </li>
              ))}
          </ul>
        ) : null}
      </section>
      <details>
        <summary>{t('technical')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('check')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('code')}</th>
            </tr>
          </thead>
          <tbody>
            {signature.checks.map((check) => (
              <tr key={check.id}>
                <td class="code">{check.id}</td>
                <td>{check.status}</td>
                <td class="code">{check.code ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </article>
  );
}
