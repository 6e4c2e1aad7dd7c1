import { useT } from './i18n-context';
import { VerdictBanner } from './verdict-banner';
import type { LookupAnswer, LookupBy, Verdict } from './types';

const VERDICT_OF: Record<LookupAnswer['result'], Verdict> = { MATCH: 'VALID', MISMATCH: 'INVALID', NOT_FOUND: 'INDETERMINATE' };

/** A look-up answer: the result in words, then whatever plain facts the answer carries, links as links. */
export function LookupReport({ by, value, answer }: { by: LookupBy; value: string; answer: LookupAnswer }) {
  const { t } = useT();
  const facts = Object.entries(answer).filter(
    ([key, fact]) => key !== 'result' && (typeof fact === 'string' || typeof fact === 'number' || typeof fact === 'boolean'),
  );
  return (
    <div class="report">
      <h2>{t('lookupHeading')}</h2>
      <VerdictBanner verdict={VERDICT_OF[answer.result]} explanation={[t(`lookup_${answer.result}`)]} />
      <dl class="facts">
        <dt>{t(`by_${by}`)}</dt>
        <dd class="code" data-fact="lookup-value">
          {value}
        </dd>
        {facts.map(([key, fact]) => (
          <>
            <dt key={`${key}-t`}>{key}</dt>
            <dd key={`${key}-d`} class="code">
              {typeof fact === 'string' && /^\/(api|verify)\//.test(fact) ? <a href={fact}>{fact}</a> : String(fact)}
            </dd>
          </>
        ))}
      </dl>
    </div>
  );
}
