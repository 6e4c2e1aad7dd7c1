import { useT } from './i18n-context';
import { Downloads } from './downloads';
import { SignatureCard } from './signature-card';
import { VerdictBanner } from './verdict-banner';
import type { PublicDocumentVerification } from './types';

export function DocumentReport({ answer, fileName }: { answer: PublicDocumentVerification; fileName: string }) {
  const { t } = useT();
  const explanation = [t(`explain_${answer.verdict}`)];
  if (answer.signatures.length === 0) explanation.splice(0, 1, t('explain_unsigned'));
  else if (answer.modified) explanation.push(t('explain_modified'));
  if (answer.ledgerUnavailable) explanation.push(t('explain_ledgerUnavailable'));
  return (
    <div class="report">
      <VerdictBanner verdict={answer.verdict} explanation={explanation} />
      <p class="file-line">{t('fileLine', { name: fileName, pages: answer.pageCount, sm3: answer.fileSm3 })}</p>
      {answer.signatures.map((signature) => (
        <SignatureCard signature={signature} key={signature.index} />
      ))}
      <Downloads answer={answer} fileName={fileName} />
    </div>
  );
}
