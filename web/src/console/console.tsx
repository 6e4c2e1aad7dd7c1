import { useEffect, useState } from 'preact/hooks';
import { callApi } from '../shared/api';
import { initialLang, rememberLang, translator, type Lang } from '../shared/i18n';
import { useBrowserSession } from '../shared/session';
import { SignIn } from '../shared/sign-in';
import { Inbox } from './inbox';
import { CONSOLE_MESSAGES } from './messages';

export type ConsoleTranslate = ReturnType<typeof translator<keyof (typeof CONSOLE_MESSAGES)['zh']>>;

/** The signed-in console: one page per job, chosen by the caller's roles (GET /auth/me). */
export function Console() {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => rememberLang(lang), [lang]);
  const t = translator(CONSOLE_MESSAGES, lang);
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
          <Pages t={t} lang={lang} onSignedOut={session.forget} />
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

function Pages({ t, lang, onSignedOut }: { t: ConsoleTranslate; lang: Lang; onSignedOut: () => void }) {
  const [roles, setRoles] = useState<string[]>();
  useEffect(() => {
    callApi<{ roles: string[] }>('/auth/me').then((me) => setRoles(me.roles), onSignedOut);
  }, []);
  if (roles === undefined) return <p>{t('loading')}</p>;
  if (roles.includes('APPROVER')) return <Inbox t={t} lang={lang} />;
  return <p>{t('noPage')}</p>;
}
