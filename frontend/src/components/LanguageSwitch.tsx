/**
 * The language picker, for any page's header or footer: `<LanguageSwitch />`. It lists the languages in
 * src/i18n and remembers the pick (see src/i18n/index.ts). Shared by every page; owned by the i18n side.
 */
import { render } from 'preact';
import { language, LANGUAGE_NAMES, LANGUAGES, isLanguage, setLanguage, t } from '../i18n';

export function LanguageSwitch() {
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('common:language')}</span>
      <select
        aria-label={t('common:language')}
        value={language.value}
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          if (isLanguage(value)) setLanguage(value);
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {LANGUAGE_NAMES[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Puts the switch into the page header's `#language-root` (base.html), when the page has one. */
export function mountLanguageSwitch(): void {
  const root = document.getElementById('language-root');
  if (root) render(<LanguageSwitch />, root);
}
