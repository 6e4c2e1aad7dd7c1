import { useEffect, useState } from 'preact/hooks';
import { ApiError, callApi } from '../shared/api';
import { useBrowserSession } from '../shared/session';
import { SignIn } from '../shared/sign-in';
import { formatTime, initialLang, rememberLang, translator, type Lang } from '../shared/i18n';
import { BarChart } from './bar-chart';
import { STATS_MESSAGES } from './messages';
import type { Statistics } from './types';

type Translate = ReturnType<typeof translator<keyof (typeof STATS_MESSAGES)['zh']>>;

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function Dashboard() {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => rememberLang(lang), [lang]);
  const t = translator(STATS_MESSAGES, lang);
  const session = useBrowserSession();
  return (
    <>
      <header class="page-header">
        <h1>{t('title')}</h1>
        <div>
          {session.csrf ? (
            <button type="button" class="lang-switch" onClick={() => void session.signOut()}>
              {t('signOut')}
            </button>
          ) : null}{' '}
          <button type="button" class="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label={t('switchLangLabel')}>
            {t('switchLang')}
          </button>
        </div>
      </header>
      <main id="main">
        {session.csrf ? (
          <StatsView t={t} lang={lang} onSignedOut={session.forget} />
        ) : (
          <SignIn
            labels={{
              title: t('signInTitle'),
              hint: t('signInHint'),
              username: t('username'),
              password: t('password'),
              submit: t('signIn'),
              failed: t('signInFailed'),
              secondFactor: t('secondFactor'),
            }}
            onSignedIn={session.signedIn}
          />
        )}
      </main>
    </>
  );
}

function StatsView({ t, lang, onSignedOut }: { t: Translate; lang: Lang; onSignedOut: () => void }) {
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 29 * DAY_MS)));
  const [to, setTo] = useState(() => isoDay(new Date(Date.now() + DAY_MS)));
  const [district, setDistrict] = useState('');
  const [query, setQuery] = useState({ from, to, district });
  const [stats, setStats] = useState<Statistics | { error: string } | undefined>();
  useEffect(() => {
    const params = new URLSearchParams({ from: query.from, to: query.to, ...(query.district ? { district: query.district } : {}) });
    setStats(undefined);
    callApi<Statistics>(`/stats?${params}`).then(setStats, (error: unknown) => {
      const code = error instanceof ApiError ? error.code : 'NETWORK';
      if (code === 'UNAUTHENTICATED' || code === 'CSRF_TOKEN_INVALID' || code === 'TOKEN_EXPIRED') onSignedOut();
      else setStats({ error: code });
    });
  }, [query]);
  return (
    <>
      <section aria-labelledby="filter-title">
        <h2 id="filter-title">{t('filterTitle')}</h2>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ from, to, district });
          }}
        >
          <label for="from">{t('from')}</label>
          <input id="from" type="date" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          <label for="to">{t('to')}</label>
          <input id="to" type="date" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          <label for="district">{t('district')}</label>
          <input
            id="district"
            type="text"
            inputMode="numeric"
            pattern="\d{6}"
            value={district}
            onInput={(e) => setDistrict(e.currentTarget.value)}
          />
          <button type="submit">{t('apply')}</button>
        </form>
      </section>
      <section id="stats" aria-live="polite" aria-busy={stats === undefined}>
        {stats === undefined ? (
          <p>{t('loading')}</p>
        ) : 'error' in stats ? (
          <p role="alert">{t('error', { code: stats.error })}</p>
        ) : (
          <Numbers t={t} lang={lang} stats={stats} />
        )}
      </section>
    </>
  );
}

function Numbers({ t, lang, stats }: { t: Translate; lang: Lang; stats: Statistics }) {
  const rows = (counts: Array<{ key: string; count: number }>) => counts.map((c) => ({ label: c.key, count: c.count }));
  const cards: Array<[string, string, number]> = [
    ['signings', t('signings'), stats.signings.total],
    ['verifications', t('verifications'), stats.verifications.total],
    ['seals', t('seals'), stats.seals.total],
    ['deadLetters', t('deadLetters'), stats.relay.deadLetters],
    ['auditEntries', t('auditEntries'), stats.auditChain.entries],
    ['unanchored', t('unanchored'), stats.auditChain.unanchored],
  ];
  return (
    <>
      <p>{t('period', { from: formatTime(stats.period.from, lang), to: formatTime(stats.period.to, lang) })}</p>
      <div class="cards">
        {cards.map(([id, label, value]) => (
          <div class="card" key={id} data-card={id}>
            <div class="number">{value}</div>
            <div>{label}</div>
          </div>
        ))}
      </div>
      <BarChart id="signings-by-day" title={t('signingsByDay')} rows={rows(stats.signings.byDay)} noData={t('none')} />
      <BarChart id="verifications-by-day" title={t('verificationsByDay')} rows={rows(stats.verifications.byDay)} noData={t('none')} />
      <BarChart
        id="signings-by-unit"
        title={t('signingsByUnit')}
        rows={stats.signings.byUnit.map((c) => ({ label: c.unitName, count: c.count }))}
        noData={t('none')}
      />
      <BarChart id="signings-by-district" title={t('signingsByDistrict')} rows={rows(stats.signings.byDistrict)} noData={t('none')} />
      <BarChart id="seals-by-kind" title={t('sealsByKind')} rows={rows(stats.seals.byKind)} noData={t('none')} />
      <BarChart id="seals-by-status" title={t('sealsByStatus')} rows={rows(stats.seals.byStatus)} noData={t('none')} />
      <BarChart id="filings-by-state" title={t('filingsByState')} rows={rows(stats.filings.byState)} noData={t('none')} />
      <BarChart id="relay-by-state" title={t('relayByState')} rows={rows(stats.relay.byState)} noData={t('none')} />
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">{t('auditChain')}</h2>
        <dl class="facts">
          <dt>{t('auditEntries')}</dt>
          <dd>{stats.auditChain.entries}</dd>
          <dt>{t('anchoredThrough')}</dt>
          <dd>{stats.auditChain.anchoredThrough}</dd>
          <dt>{t('lastAnchor')}</dt>
          <dd class="code">
            {stats.auditChain.lastAnchor
              ? `${formatTime(stats.auditChain.lastAnchor.at, lang)} · ${stats.auditChain.lastAnchor.sink} ${stats.auditChain.lastAnchor.transactionId ?? ''}`
              : '—'}
          </dd>
        </dl>
      </section>
    </>
  );
}
