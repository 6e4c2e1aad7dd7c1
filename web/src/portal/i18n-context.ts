import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { translator, type Lang } from '../shared/i18n';
import { PORTAL_MESSAGES } from './messages';

export type Translate = ReturnType<typeof translator<keyof (typeof PORTAL_MESSAGES)['zh']>>;

export const LangContext = createContext<Lang>('zh');

/** The current language and its translator, for any component under the portal. */
export function useT(): { lang: Lang; t: Translate } {
  const lang = useContext(LangContext);
  return { lang, t: translator(PORTAL_MESSAGES, lang) };
}
