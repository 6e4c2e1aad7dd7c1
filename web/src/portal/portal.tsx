import { useEffect, useRef, useState } from 'preact/hooks';
import { initialLang, rememberLang, type Lang } from '../shared/i18n';
import { BundleReport } from './bundle-report';
import { DocumentReport } from './document-report';
import { FileDrop } from './file-drop';
import { LangContext, useT } from './i18n-context';
import { LookupForm } from './lookup-form';
import { LookupReport } from './lookup-report';
import type { MessageKey } from './messages';
import type { LookupBy, PortalState } from './types';
import { lookUp, verifyFile } from './verify-actions';

/** /verify/c/{certificateNumber}: where the evidence certificate's QR code lands. */
const CERTIFICATE_PATH = /^\/verify\/c\/([^/]+)\/?$/;

export function Portal() {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => rememberLang(lang), [lang]);
  return (
    <LangContext.Provider value={lang}>
      <PortalPage onToggleLang={() => setLang(lang === 'zh' ? 'en' : 'zh')} />
    </LangContext.Provider>
  );
}

function PortalPage({ onToggleLang }: { onToggleLang: () => void }) {
  const { t } = useT();
  const [state, setState] = useState<PortalState>({ kind: 'idle' });
  const resultRef = useRef<HTMLElement>(null);
  const run = async (work: () => Promise<PortalState>) => {
    setState({ kind: 'busy' });
    setState(await work());
  };
  useEffect(() => {
    const match = CERTIFICATE_PATH.exec(location.pathname);
    if (match) void run(() => lookUp('certificateNumber', decodeURIComponent(match[1]!)));
  }, []);
  // Move focus to the answer so keyboard and screen-reader users land on the verdict.
  useEffect(() => {
    if (state.kind !== 'idle' && state.kind !== 'busy') resultRef.current?.focus();
  }, [state]);
  const busy = state.kind === 'busy';
  return (
    <>
      <a class="skip-link" href="#main">
        {t('title')}
      </a>
      <header class="page-header">
        <h1>{t('title')}</h1>
        <button
          type="button"
          class="lang-switch"
          onClick={onToggleLang}
          aria-label={t('switchLangLabel')}
          lang={t('switchLang') === 'English' ? 'en' : 'zh-CN'}
        >
          {t('switchLang')}
        </button>
      </header>
      <main id="main">
        <p class="subtitle">{t('subtitle')}</p>
        <div class="inputs">
          <FileDrop disabled={busy} onFile={(file) => void run(() => verifyFile(file))} />
          <LookupForm disabled={busy} onLookup={(by: LookupBy, value: string) => void run(() => lookUp(by, value))} />
        </div>
        <section id="result" ref={resultRef} tabIndex={-1} aria-live="polite" aria-busy={busy} aria-label={t('title')}>
          <Answer state={state} />
        </section>
      </main>
    </>
  );
}

function Answer({ state }: { state: PortalState }) {
  const { t } = useT();
  switch (state.kind) {
    case 'idle':
      return null;
    case 'busy':
      return <p class="busy">{t('busy')}</p>;
    case 'document':
      return <DocumentReport answer={state.answer} fileName={state.fileName} />;
    case 'bundle':
      return <BundleReport answer={state.answer} fileName={state.fileName} />;
    case 'lookup':
      return <LookupReport by={state.by} value={state.value} answer={state.answer} />;
    case 'lookup-unavailable':
      return (
        <div class="report" data-lookup="unavailable">
          <h2>{t('lookupHeading')}</h2>
          <p>{t('lookupUnavailable')}</p>
        </div>
      );
    case 'error': {
      const known = `error_${state.code}` as MessageKey;
      const text = known in ERROR_KEYS ? t(known) : t('error_other', { code: state.code });
      return (
        <div class="report error" role="alert" data-error={state.code}>
          <h2>{t('errorHeading')}</h2>
          <p>{text}</p>
        </div>
      );
    }
  }
}

const ERROR_KEYS: Partial<Record<MessageKey, true>> = {
  error_UNSUPPORTED_MEDIA_TYPE: true,
  error_PAYLOAD_TOO_LARGE: true,
  error_PDF_MALFORMED: true,
  error_RATE_LIMITED: true,
  error_NETWORK: true,
  error_BAD_BUNDLE: true,
};
