import { useEffect, useState } from 'preact/hooks';
import { callApi } from '../shared/api';
import { initialLang, rememberLang, translator, type Lang } from '../shared/i18n';
import { useBrowserSession } from '../shared/session';
import { SignIn } from '../shared/sign-in';
import { AdminPage } from './admin/admin-page';
import { Inbox } from './inbox';
import { MakerPage } from './maker/maker-page';
import { CONSOLE_MESSAGES } from './messages';
import { SignPage } from './sign-page';

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
              firstPassword: {
                title: t('firstPasswordTitle'),
                hint: t('firstPasswordHint'),
                newPassword: t('newPassword'),
                repeat: t('repeatPassword'),
                mismatch: t('passwordMismatch'),
                submit: t('setPassword'),
                failed: t('passwordFailed'),
              },
            }}
            onSignedIn={session.signedIn}
          />
        )}
      </main>
    </>
  );
}

function Pages({ t, lang, onSignedOut }: { t: ConsoleTranslate; lang: Lang; onSignedOut: () => void }) {
  const [me, setMe] = useState<{ roles: string[]; unitId?: string }>();
  useEffect(() => {
    callApi<{ roles: string[]; unitId?: string }>('/auth/me').then(setMe, onSignedOut);
  }, []);
  if (me === undefined) return <p>{t('loading')}</p>;
  const pages = [
    me.roles.includes('SEAL_MAKER_OPERATOR') ? <MakerPage key="maker" t={t} lang={lang} /> : null,
    me.roles.includes('UNIT_ADMIN') && me.unitId ? <AdminPage key="admin" t={t} lang={lang} unitId={me.unitId} /> : null,
    me.roles.includes('APPROVER') ? <Inbox key="inbox" t={t} lang={lang} /> : null,
    me.roles.includes('SEAL_CUSTODIAN') || me.roles.includes('POSITION_SEAL_HOLDER') ? (
      <SignPage key="sign" t={t} unitId={me.unitId} />
    ) : null,
  ].filter((page) => page !== null);
  return pages.length > 0 ? <>{pages}</> : <p>{t('noPage')}</p>;
}
