/// <reference types="vite/client" />
/**
 * The interface language: i18next with English, German, French, Dutch and Spanish.
 *
 * Translations live in `locales/<language>/<namespace>.ts`, one default-exported object of flat keys per
 * file; a file is picked up by being there (no registry to edit). English is the source: other languages
 * type their object as `Translation<typeof en>`, so a missing key fails `tsc`, and test/i18n checks the same
 * at run time, including every plural form the language needs (French has `_many`).
 *
 * The language follows the browser (`navigator.languages`) until the user picks one with the switch; the
 * pick is kept in localStorage. `t` reads the `language` signal, so any Preact component that calls it
 * re-renders when the language changes, without subscribing by hand.
 */
import i18next, { type TOptions } from 'i18next';
import { effect, signal } from '@preact/signals';

export const LANGUAGES = ['en', 'de', 'fr', 'nl', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';
export const LANGUAGE_STORAGE_KEY = 'switchboard.language';

/** Each language named in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  nl: 'Nederlands',
  es: 'Español',
};

/** The shape a translation must have: every key of the English namespace, plus extra plural forms. */
export type Translation<T> = { [K in keyof T]: string } & { [pluralForm: string]: string };

type Resources = Record<string, Record<string, Record<string, string>>>;

/** Every `locales/<language>/<namespace>.ts`, as `{ language: { namespace: messages } }`. */
export const resources: Resources = (() => {
  const modules = import.meta.glob<{ default: Record<string, string> }>('./locales/*/*.ts', { eager: true });
  const result: Resources = {};
  for (const [path, module] of Object.entries(modules)) {
    const [, language, namespace] = /\.\/locales\/([^/]+)\/([^/]+)\.ts$/.exec(path)!;
    (result[language] ??= {})[namespace] = module.default;
  }
  return result;
})();

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's preferred languages we speak ("de-AT" counts as German), else English. */
export function browserLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

function preferredLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

function storedLanguage(): Language | null {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage blocked: follow the browser
  }
}

/** The user's pick if there is one, else the browser's language. */
export function initialLanguage(): Language {
  return storedLanguage() ?? browserLanguage(preferredLanguages());
}

const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(resources[DEFAULT_LANGUAGE] ?? {}),
  defaultNS: 'common',
  fallbackNS: 'common',
  keySeparator: false,
  nsSeparator: ':',
  interpolation: { escapeValue: false }, // Preact escapes text
  returnNull: false,
  initAsync: false,
});

/** The active language; components that call `t` re-render when it changes. */
export const language = signal<Language>(instance.language as Language);
applyToDocument(language.value);

function applyToDocument(lang: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Switches the language and remembers the choice for the next visit. */
export function setLanguage(lang: Language): void {
  void instance.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // storage blocked: the switch holds for this page only
  }
  applyToDocument(lang);
  language.value = lang;
}

/** Translates `namespace:key` (or a `common` key). */
export function t(key: string, options?: TOptions): string {
  void language.value; // subscribe the calling component to language changes
  return instance.t(key, options) as string;
}

/** A translator bound to one namespace: `const tr = translator('devices'); tr('title')`. */
export function translator(namespace: string): (key: string, options?: TOptions) => string {
  return (key, options) => t(`${namespace}:${key}`, options);
}

/**
 * The locale for dates and numbers: the browser's own tag when it is the active language ("en-GB" keeps
 * 24-hour times, "en-US" 12-hour), else the language itself. One choice for the whole page, so times never mix.
 */
export function formatLocale(): string {
  const lang = language.value;
  for (const tag of preferredLanguages()) {
    if (tag.toLowerCase().split('-')[0] === lang) return tag;
  }
  return lang;
}

/** "14:05" or "2:05 PM", as the locale writes it. */
export function formatTime(timeMs: number): string {
  return new Intl.DateTimeFormat(formatLocale(), { hour: 'numeric', minute: '2-digit' }).format(timeMs);
}

/** "4 Dec 2026" in the locale's medium style. */
export function formatDate(timeMs: number): string {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium' }).format(timeMs);
}

/** Date and time, for title attributes. */
export function formatDateTime(timeMs: number): string {
  return new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(timeMs);
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5 minutes ago", "in 3 hours", "2 days ago" in the active language; beyond 30 days the date.
 * Both arguments are milliseconds since the epoch.
 */
export function formatRelative(timeMs: number, nowMs: number): string {
  const seconds = Math.round((timeMs - nowMs) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return t('common:justNow');
  if (abs >= 30 * DAY) return formatDate(timeMs);
  const format = new Intl.RelativeTimeFormat(formatLocale(), { numeric: 'always' });
  const sign = Math.sign(seconds);
  if (abs < 90) return format.format(sign, 'minute');
  if (abs < HOUR) return format.format(sign * Math.round(abs / MINUTE), 'minute');
  if (abs < DAY) return format.format(sign * Math.round(abs / HOUR), 'hour');
  return format.format(sign * Math.round(abs / DAY), 'day');
}

/** A readable span for a duration in seconds: "24 hours", "10 minutes", "3 days" (days from two on). */
export function formatDuration(seconds: number): string {
  const unit = seconds % DAY === 0 && seconds >= 2 * DAY ? 'day' : seconds % HOUR === 0 && seconds >= HOUR ? 'hour' : seconds >= MINUTE ? 'minute' : 'second';
  const size = { day: DAY, hour: HOUR, minute: MINUTE, second: 1 }[unit];
  return new Intl.NumberFormat(formatLocale(), { style: 'unit', unit, unitDisplay: 'long' }).format(Math.round(seconds / size));
}

/** Keeps the tab's title in the interface language: `pageTitle(() => t('devices:title'))`. */
export function pageTitle(title: () => string): void {
  effect(() => {
    document.title = `${title()} · ${t('common:appName')}`;
  });
}
