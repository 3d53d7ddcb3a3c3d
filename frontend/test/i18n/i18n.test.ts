// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import {
  browserLanguage,
  DEFAULT_LANGUAGE,
  formatDuration,
  formatRelative,
  formatTime,
  initialLanguage,
  LANGUAGE_STORAGE_KEY,
  LANGUAGES,
  language,
  resources,
  setLanguage,
  t,
} from '../../src/i18n';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

describe('translations', () => {
  const english = resources[DEFAULT_LANGUAGE];

  it('has every namespace in every language', () => {
    for (const lang of LANGUAGES) expect(Object.keys(resources[lang] ?? {}).sort(), lang).toEqual(Object.keys(english).sort());
  });

  for (const lang of LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE)) {
    it(`${lang} has every English key, no extra ones, and no empty text`, () => {
      const missing: string[] = [];
      const extra: string[] = [];
      for (const [namespace, messages] of Object.entries(english)) {
        const translated = resources[lang]?.[namespace] ?? {};
        const base = (keys: string[]) => new Set(keys.map((k) => k.replace(PLURAL_SUFFIX, '')));
        const englishKeys = base(Object.keys(messages));
        const translatedKeys = base(Object.keys(translated));
        for (const key of englishKeys) if (!translatedKeys.has(key)) missing.push(`${namespace}:${key}`);
        for (const key of translatedKeys) if (!englishKeys.has(key)) extra.push(`${namespace}:${key}`);
        for (const [key, text] of Object.entries(translated)) if (!text.trim()) missing.push(`${namespace}:${key} (empty)`);
      }
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
    });
  }

  for (const lang of LANGUAGES) {
    it(`${lang} has every plural form the language needs`, () => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const missing: string[] = [];
      for (const [namespace, messages] of Object.entries(resources[lang] ?? {})) {
        const plurals = new Set(Object.keys(messages).filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
        for (const key of plurals) {
          for (const category of categories) if (!(`${key}_${category}` in messages)) missing.push(`${namespace}:${key}_${category}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it(`${lang} keeps every {{placeholder}} of the English text`, () => {
      const wrong: string[] = [];
      const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort().join(',');
      for (const [namespace, messages] of Object.entries(english)) {
        for (const [key, text] of Object.entries(messages)) {
          const translated = resources[lang]?.[namespace]?.[key] ?? resources[lang]?.[namespace]?.[key.replace(PLURAL_SUFFIX, '_other')];
          if (translated !== undefined && placeholders(translated) !== placeholders(text)) wrong.push(`${namespace}:${key}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('choosing the language', () => {
  afterEach(() => {
    localStorage.clear();
    setLanguage('en');
    localStorage.clear();
  });

  it('follows the first browser language it speaks, region or not', () => {
    expect(browserLanguage(['de-AT', 'en'])).toBe('de');
    expect(browserLanguage(['pt-BR', 'nl-BE', 'fr'])).toBe('nl');
    expect(browserLanguage(['ja'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('keeps the user switch across page loads and prefers it over the browser', () => {
    setLanguage('fr');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr');
    expect(initialLanguage()).toBe('fr');
    expect(language.value).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(t('common:cancel')).toBe('Annuler');
  });

  it('ignores a stored value that is not a language', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'klingon');
    expect(initialLanguage()).toBe(browserLanguage(navigator.languages));
  });

  it('falls back to English for a key a language lacks, and shows the key when nobody has it', () => {
    setLanguage('de');
    resources.en.common['test.onlyEnglish'] = 'Only in English';
    expect(t('common:test.onlyEnglish')).toBe('Only in English');
    delete resources.en.common['test.onlyEnglish'];
    expect(t('common:no.such.key')).toBe('no.such.key');
  });
});

describe('formatting in the active language', () => {
  afterEach(() => setLanguage('en'));
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);

  it('says relative times in the language', () => {
    setLanguage('en');
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatRelative(now + 3 * 3_600_000, now)).toBe('in 3 hours');
    setLanguage('de');
    expect(formatRelative(now - 2 * 86_400_000, now)).toBe('vor 2 Tagen');
    expect(formatRelative(now - 10_000, now)).toBe('gerade eben');
  });

  it('writes times the way the locale does, one choice for the page', () => {
    setLanguage('de');
    expect(formatTime(Date.UTC(2026, 11, 4, 15, 5))).toMatch(/^\d{2}:05$/);
  });

  it('names a lifetime in words', () => {
    setLanguage('en');
    expect(formatDuration(24 * 3600)).toBe('24 hours');
    expect(formatDuration(600)).toBe('10 minutes');
    setLanguage('fr');
    expect(formatDuration(3 * 86_400).replace(/\s/g, ' ')).toBe('3 jours');
  });
});
