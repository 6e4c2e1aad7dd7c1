import { useT } from './i18n-context';
import type { Verdict } from './types';

/** One verdict in words at the top, with a sentence a non-expert understands; colour is never the only signal. */
export function VerdictBanner({ verdict, explanation }: { verdict: Verdict; explanation: string[] }) {
  const { t } = useT();
  return (
    <div class={`verdict verdict-${verdict.toLowerCase()}`} data-verdict={verdict}>
      <p class="verdict-word">
        <span aria-hidden="true">{verdict === 'VALID' ? '✔ ' : verdict === 'INVALID' ? '✘ ' : '? '}</span>
        {t(`verdict_${verdict}`)}
      </p>
      {explanation.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
