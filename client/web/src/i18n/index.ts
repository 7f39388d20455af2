import { useEffect, useState } from 'preact/hooks';
import { dictionaries } from './dictionaries.js';

export { dictionaries };
export type Lang = keyof typeof dictionaries;
export type MessageKey = keyof typeof dictionaries.en;
export const LANGS: readonly Lang[] = ['nl', 'en'];

const STORAGE_KEY = 'lang';
const isLang = (value: unknown): value is Lang => value === 'en' || value === 'nl';

/** `?lang=` on first load, then the remembered choice, then the browser's preference (Dutch if it comes before English). */
function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLang(fromUrl)) {
    localStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLang(stored)) return stored;
  for (const preferred of navigator.languages ?? [navigator.language]) {
    const base = preferred.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();
document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  for (const listener of listeners) listener();
}

/** A sentence in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = dictionaries[current][key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns `t`. */
export function useT(): typeof t {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return t;
}

/** Times and dates as people in the current language write them. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(current === 'nl' ? 'nl-NL' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(current === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
