import { useT } from './i18n-context';
import { Downloads } from './downloads';
import { VerdictBanner } from './verdict-banner';
import type { BundleVerification } from './types';

export function BundleReport({ answer, fileName }: { answer: BundleVerification; fileName: string }) {
  const { t } = useT();
  return (
    <div class="report">
      <h2>{t('bundleHeading')}</h2>
      <VerdictBanner verdict={answer.verdict} explanation={[t(`explain_${answer.verdict}`)]} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('check')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('code')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.checks.map((check, i) => (
            <tr key={i}>
              <td>{check.message}</td>
              <td>{check.status}</td>
              <td class="code">{check.code ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Downloads answer={answer} fileName={fileName} />
    </div>
  );
}
