/**
 * Two languages, Chinese first. Every visible string goes through `t`, so a missing translation is a
 * compile error (both tables share the key type) rather than a blank on the page.
 */
export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'eseal.lang';

export function initialLang(): Lang {
  const query = new URLSearchParams(location.search).get('lang');
  if (query === 'en' || query === 'zh') return query;
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh'; // storage can be disabled; the default language still works
  }
}

export function rememberLang(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered across visits; the switch still works on this page
  }
}

/** A translator for one table: `t('key')`, or `t('key', { n: 3 })` for `{n}` placeholders. */
export function translator<K extends string>(tables: Record<Lang, Record<K, string>>, lang: Lang) {
  // A code the server added after this page was built (a new state, a new role) shows as itself, not as a crash.
  return (key: K, values: Record<string, string | number> = {}): string =>
    (tables[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Dates as people read them in the chosen language, in their own time zone. */
export function formatTime(iso: string | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}
