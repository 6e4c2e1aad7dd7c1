import { useEffect, useState } from 'preact/hooks';
import { formatTime } from '../shared/i18n';
import { useT } from './i18n-context';
import { courtReceiptOf, sealStatusAt } from './verify-actions';
import type { CourtReceipt, PublicSignature, SealStatusStatement } from './types';

type StepState = 'done' | 'missing' | 'unknown' | 'revoked';

/**
 * The seal's life and this signature's evidence, in order: made → registered on the ledger (filed) →
 * sealed → anchored → court-chain receipt. The registration comes from the signed seal status at the
 * signing time, the court receipt from the look-up of the anchoring transaction; a step the public
 * answers cannot show says so instead of guessing.
 */
export function Timeline({ signature }: { signature: PublicSignature }) {
  const { t, lang } = useT();
  const [status, setStatus] = useState<SealStatusStatement | undefined | 'loading'>('loading');
  useEffect(() => {
    if (!signature.esID || !signature.signingTime) return setStatus(undefined);
    let live = true;
    sealStatusAt(signature.esID, signature.signingTime).then((s) => live && setStatus(s));
    return () => {
      live = false;
    };
  }, [signature.esID, signature.signingTime]);
  const [receipt, setReceipt] = useState<CourtReceipt | null | undefined>();
  useEffect(() => {
    if (!signature.anchorTxId) return setReceipt(undefined);
    let live = true;
    courtReceiptOf(signature.anchorTxId).then((r) => live && setReceipt(r));
    return () => {
      live = false;
    };
  }, [signature.anchorTxId]);

  const filed: StepState =
    status === 'loading' || status === undefined
      ? 'unknown'
      : status.status === 'ACTIVE'
        ? 'done'
        : status.status === 'REVOKED'
          ? 'revoked'
          : 'missing';
  const steps: Array<{
    key: 'step_made' | 'step_filed' | 'step_signed' | 'step_anchored' | 'step_court';
    state: StepState;
    detail?: string;
  }> = [
    { key: 'step_made', state: signature.sealMadeAt ? 'done' : 'unknown', detail: formatTime(signature.sealMadeAt, lang) },
    { key: 'step_filed', state: filed, detail: typeof status === 'object' ? status.ledgerTxId : undefined },
    { key: 'step_signed', state: signature.signingTime ? 'done' : 'unknown', detail: formatTime(signature.signingTime, lang) },
    {
      key: 'step_anchored',
      state: signature.anchoredAt ? 'done' : 'missing',
      detail: signature.anchoredAt ? `${formatTime(signature.anchoredAt, lang)} · ${signature.anchorTxId ?? ''}` : undefined,
    },
    {
      key: 'step_court',
      state: receipt ? 'done' : receipt === null ? 'missing' : 'unknown',
      detail: receipt ? `${receipt.evidenceNumber} · ${receipt.courtChain} · ${formatTime(receipt.recordedAt, lang)}` : undefined,
    },
  ];
  return (
    <section aria-label={t('timeline')}>
      <h4>{t('timeline')}</h4>
      <ol class="timeline">
        {steps.map((step) => (
          <li key={step.key} class={`step step-${step.state}`} data-step={step.key} data-state={step.state}>
            <span class="step-name">{t(step.key)}</span>
            <span class="step-state">{t(`step_${step.state}`)}</span>
            {step.state === 'done' && step.detail ? <span class="step-detail">{step.detail}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
